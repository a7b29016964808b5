# %% [markdown]
# Training notebook; the model code lives in the `mymodels` package next to it.

# %%
%matplotlib inline
import torch
from torchinfo import summary

from mymodels.net import Net
from mymodels import build_net

# %%
model = Net(num_classes=100)
summary(model, input_size=(2, 3, 32, 32))

# %%
small = build_net(num_classes=5)
out = small(torch.randn(1, 3, 24, 24))
