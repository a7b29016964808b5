# %% [markdown]
# # Transfer learning with a torchvision ResNet-50
# %%
import torch
import torch.nn as nn
from torchvision import models
from torchvision.models import ResNet50_Weights
# %%
class_names = ["cat", "dog", "bird"]
weights = ResNet50_Weights.IMAGENET1K_V2
model = models.resnet50(weights=weights)
# %%
for param in model.parameters():
    param.requires_grad = False

num_ftrs = model.fc.in_features
model.fc = nn.Sequential(
    nn.Linear(num_ftrs, 256),
    nn.ReLU(),
    nn.Dropout(0.4),
    nn.Linear(256, len(class_names)),
)
# %%
model.eval()
with torch.inference_mode():
    out = model(torch.randn(2, 3, 224, 224))
out.shape
