# %%
import torch
from torch import nn

# %% [markdown]
# Lazy modules infer their input size at the first call.

# %%
net = nn.Sequential(
    nn.LazyConv2d(16, 3, padding=1),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.LazyConv2d(32, 3, padding=1),
    nn.LazyBatchNorm2d(),
    nn.ReLU(),
    nn.Flatten(),
    nn.LazyLinear(10),
)

# %%
X = torch.rand(size=(1, 1, 28, 28))
net(X)

# %%
for layer in net:
    X = layer(X)
    print(layer.__class__.__name__, 'output shape:\t', X.shape)

# %%
decoder = nn.Sequential(
    nn.Linear(10, 32 * 7 * 7),
    nn.Unflatten(1, (32, 7, 7)),
    nn.ConvTranspose2d(32, 16, 4, 2, 1),
    nn.ReLU(),
    nn.ConvTranspose2d(16, 1, 4, 2, 1),
)
recon = decoder(torch.randn(8, 10))
