# %% [markdown]
# # A first CNN, shown in TensorBoard
# The model is never called directly: the dummy input goes to `writer.add_graph`.

# %%
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.tensorboard import SummaryWriter

# %%
class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(32 * 7 * 7, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        return self.fc2(F.relu(self.fc1(x)))

# %%
model = CNN()
writer = SummaryWriter("runs/cnn_experiment")
dummy_input = torch.randn(1, 3, 28, 28)
writer.add_graph(model, dummy_input)
writer.close()
