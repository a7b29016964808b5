# %% [markdown]
# # Flower classifier from scratch
# A small CNN on 64x64 RGB crops.

# %%
!pip install -q torchinfo
%matplotlib inline
import torch
import torch.nn as nn
import torch.nn.functional as F

# %%
IMG_SIZE = 64
NUM_CLASSES = 5
BATCH_SIZE = 16

# %%
class FlowerCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3)   # 64 -> 62
        self.conv2 = nn.Conv2d(16, 32, 3)  # 31 -> 29
        self.conv3 = nn.Conv2d(32, 64, 3)  # 14 -> 12
        self.pool = nn.MaxPool2d(2)
        self.dropout = nn.Dropout(0.25)
        self.fc1 = nn.Linear(64 * 6 * 6, 256)
        self.fc2 = nn.Linear(256, NUM_CLASSES)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = self.pool(F.relu(self.conv3(x)))
        x = torch.flatten(x, 1)
        x = self.dropout(F.relu(self.fc1(x)))
        return self.fc2(x)

# %%
model = FlowerCNN()
print(model)

# %% [markdown]
# Check the output on a dummy batch before training.

# %%
dummy = torch.randn(BATCH_SIZE, 3, IMG_SIZE, IMG_SIZE)
out = model(dummy)
out.shape
