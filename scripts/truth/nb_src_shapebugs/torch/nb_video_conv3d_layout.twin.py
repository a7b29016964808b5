# %% [markdown]
# ## Action recognition: a tiny C3D
# Clips come from the loader as (batch, frames, channels, height, width).

# %%
import torch
import torch.nn as nn

# %%
class TinyC3D(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv3d(3, 32, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.MaxPool3d((1, 2, 2)),
            nn.Conv3d(32, 64, kernel_size=3, padding=1),
            nn.ReLU(),
            nn.AdaptiveAvgPool3d(1),
        )
        self.fc = nn.Linear(64, num_classes)

    def forward(self, clip):
        clip = clip.permute(0, 2, 1, 3, 4)  # -> (batch, channels, frames, H, W)
        return self.fc(self.features(clip).flatten(1))

# %%
net = TinyC3D()
clips = torch.randn(2, 8, 3, 56, 56)
scores = net(clips)
