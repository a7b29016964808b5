# %%
import torch
import torch.nn as nn

# %%
# first attempt
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(3 * 32 * 32, 100)
        self.fc2 = nn.Linear(100, 10)

    def forward(self, x):
        x = x.view(x.size(0), -1)
        return self.fc2(torch.relu(self.fc1(x)))

# %%
model = Net()
print(sum(p.numel() for p in model.parameters()))

# %% [markdown]
# The MLP underfits. Let's try a CNN instead (this cell replaces `Net`).

# %%
class Net(nn.Module):
    def __init__(self, dropout=0.25):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.drop = nn.Dropout(dropout)
        self.fc1 = nn.Linear(64 * 8 * 8, 256)
        self.fc2 = nn.Linear(256, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        x = self.drop(torch.flatten(x, 1))
        x = torch.relu(self.fc1(x))
        return self.fc2(x)

# %%
model = Net(dropout=0.3)
x = torch.randn(16, 3, 32, 32)
model(x).shape
