# %% [markdown]
# ## Plant seedlings - custom CNN baseline

# %%
import os
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

# %%
IMG_SIZE = 128
N_CLASSES = 12
torch.manual_seed(42)

# %%
def conv_bn(in_c, out_c, k=3, s=1):
    return nn.Sequential(
        nn.Conv2d(in_c, out_c, k, s, padding=k // 2, bias=False),
        nn.BatchNorm2d(out_c),
        nn.LeakyReLU(0.1, inplace=True),
    )


class SeedlingNet(nn.Module):
    def __init__(self, n_classes):
        super().__init__()
        self.body = nn.Sequential(
            conv_bn(3, 32), conv_bn(32, 32), nn.MaxPool2d(2),
            conv_bn(32, 64), conv_bn(64, 64), nn.MaxPool2d(2),
            conv_bn(64, 128), conv_bn(128, 128), nn.MaxPool2d(2),
            conv_bn(128, 256), nn.MaxPool2d(2),
        )
        self.head = nn.Sequential(
            nn.Flatten(),
            nn.Linear(256 * (IMG_SIZE // 16) ** 2, 256),
            nn.ReLU(),
            nn.Dropout(0.5),
            nn.Linear(256, n_classes),
        )

    def forward(self, x):
        return self.head(self.body(x))

# %%
model = SeedlingNet(N_CLASSES)
criterion = nn.CrossEntropyLoss()
optimizer = optim.Adam(model.parameters(), lr=3e-4)
scheduler = optim.lr_scheduler.ReduceLROnPlateau(optimizer, 'min', patience=2)

# %%
%%time
for epoch in range(10):
    model.train()
    for images, labels in train_loader:
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()

# %%
sample = torch.randn(4, 3, IMG_SIZE, IMG_SIZE)
with torch.no_grad():
    preds = model(sample)
preds.shape
