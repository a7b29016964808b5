# Test input (tests/core/interpreter.test.ts): freezing code whose effect depends on which
# tensor object it touches (torch 2.13 numbers in the test).
import torch.nn as nn

own = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 3)))
for p in own[1].parameters(recurse=False):
    p.requires_grad = False

via_data = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3))
for p in via_data.parameters():
    p.data.requires_grad = False

via_detach = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3))
for p in via_detach.parameters():
    p.detach().requires_grad_(False)

via_state = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3))
for name, p in via_state.state_dict(keep_vars=True).items():
    if "weight" in name:
        p.requires_grad = False

detached_state = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3))
for name, p in detached_state.state_dict().items():
    p.requires_grad = False

counted = nn.Sequential(nn.Linear(3, 3), nn.Linear(3, 2))
params = counted.parameters()
total = sum(p.numel() for p in params)
for p in params:
    p.requires_grad = False

skipped = nn.Sequential(nn.Linear(3, 3), nn.Linear(3, 2))
named = skipped.named_parameters()
first = next(named)
for name, p in named:
    p.requires_grad = False
