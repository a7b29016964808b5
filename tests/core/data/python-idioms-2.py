# Test input (tests/core/interpreter.test.ts): sets built from literals and comprehensions,
# shallow copies of modules, and losses with class weights (buffers in PyTorch).
import copy

import torch
import torch.nn as nn

widths = {3, 1, 3, 2}
parity = {i % 2 for i in range(4)}
mixed = {1, 1.0, True}
a = nn.Linear(3, 3)
shallow = nn.Sequential(a, copy.copy(a))
deep = nn.Sequential(a, copy.deepcopy(a))
sized = nn.Linear(len(widths) + len(parity), len(mixed))


class Weighted(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 10)
        self.ce = nn.CrossEntropyLoss(weight=torch.ones(10))
        self.bce = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0]))


weighted = Weighted()

pair = tuple[int, int]([8, 16])
aliased = nn.Linear(pair[0], list[int]((pair[1],))[0])
