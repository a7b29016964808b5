# %% [markdown]
# # Fine-tuning an EfficientNet with timm
# %%
!pip install -q timm
# %%
import timm
import torch
import torch.nn as nn
from torch.utils.data import DataLoader
# %%
NUM_CLASSES = 5
MODEL_NAME = "efficientnet_b0"
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
# %%
model = timm.create_model(MODEL_NAME, pretrained=True, num_classes=NUM_CLASSES)
for name, param in model.named_parameters():
    if "classifier" not in name:
        param.requires_grad = False
model = model.to(device)
# %%
trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
print(f"trainable parameters: {trainable:,}")
# %%
x = torch.randn(4, 3, 224, 224).to(device)
preds = model(x)
preds.shape
