# %% [markdown]
# # Kaggle-style model: a timm backbone without its head, and our own head
# %%
import timm
import torch
import torch.nn as nn
# %%
class CFG:
    model_name = "tf_efficientnet_b0_ns"
    target_size = 11
    pretrained = True
    drop_rate = 0.3
# %%
class CustomModel(nn.Module):
    def __init__(self, cfg, pretrained=False):
        super().__init__()
        self.backbone = timm.create_model(cfg.model_name, pretrained=pretrained, num_classes=0, global_pool="avg")
        self.n_features = self.backbone.num_features
        self.dropout = nn.Dropout(cfg.drop_rate)
        self.head = nn.Linear(self.n_features, cfg.target_size)

    def forward(self, x):
        features = self.backbone(x)
        return self.head(self.dropout(features))
# %%
model = CustomModel(CFG, pretrained=CFG.pretrained)
# %%
out = model(torch.randn(2, 3, 256, 256))
print(out.shape)
# %%
class SwinRegressor(nn.Module):
    def __init__(self, name="swin_tiny_patch4_window7_224"):
        super().__init__()
        self.model = timm.create_model(name, pretrained=True)
        n_features = self.model.head.fc.in_features
        self.model.head.fc = nn.Linear(n_features, 128)
        self.fc = nn.Linear(128, 1)

    def forward(self, x):
        return self.fc(self.model(x))
# %%
regressor = SwinRegressor()
