# Test input (tests/core/interpreter.test.ts): Python idioms real model code uses to compute
# sizes; every model here is exact in torch 2.13 (numbers in the test).
import collections
import re
from inspect import isfunction

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

Args = collections.namedtuple("Args", ["width", "depth", "ratio"])
Args.__new__.__defaults__ = (None,) * len(Args._fields)
args = Args(width=8, depth=2)
wide = args._replace(width=16)
stack = nn.Sequential(*[nn.Linear(wide.width, wide.width) for _ in range(args.depth)])

options = {}
for op in "k3_e6_s2".split("_"):
    key, value = re.split(r"(\d.*)", op)[:2]
    options[key] = int(value)
conv = nn.Conv2d(4, 4 * options["e"], options["k"], stride=options["s"])


def norm_factory():
    return lambda n: nn.BatchNorm1d(n)


def make_norm(norm, n):
    if isfunction(norm):
        return norm(n)
    return norm


class Unit(nn.Module):
    def __init__(self, kind="plain"):
        super().__init__()
        if kind is "proj":
            self.proj = nn.Linear(4, 8)
        self.norm = make_norm(norm_factory(), 4)


unit = Unit("proj")
slots = nn.ModuleList([nn.Linear(2, 2), None])
slots.append(None)
loader = DataLoader(TensorDataset(torch.randn(4, 2)), batch_size=2)
batch = iter(loader).next()


class Chain(nn.Sequential):
    def forward(self, x):
        for m in self._modules.values():
            x = m(x)
        return x


chain = Chain(nn.Linear(3, 3), nn.ReLU())


class Stub(nn.Module):
    def __init__(self):
        pass
