# %%
%load_ext autoreload
%autoreload 2
import torch
import torch.nn as nn

import config as cfg
from utils import make_layers, count_params

# %%
features = make_layers(cfg.CHANNELS, act=cfg.ACTIVATION)
model = nn.Sequential(features, nn.Flatten(), nn.LazyLinear(cfg.N_CLASSES))

# %%
letters = torch.randn(5, 1, 32, 32)
out = model(letters)
print(count_params(model))
