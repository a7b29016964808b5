// Known values of small tensors (frameworks/torch/tensordata.ts): RegNet width generation
// (arange, log, round, pow, unique with counts, max().item()) and drop-path rates from
// linspace(...).split(...), compared with what torch 2.14.1 computes; a tensor changed in
// place no longer has known values.
// Does not: run torch (the expected numbers were computed once with the real library).
import { modelOf } from '../helpers/analyze';

test('RegNet widths and drop-path rates are computed as PyTorch computes them', async () => {
  const m = await modelOf(`
import math
import torch
import torch.nn as nn

def widths(w_a, w_0, w_m, depth, q=8):
    cont = torch.arange(depth, dtype=torch.float32) * w_a + w_0
    exps = torch.round(torch.log(cont / w_0) / math.log(w_m))
    ws = torch.round((w_0 * torch.pow(w_m, exps)) / q) * q
    vals, counts = torch.unique(torch.tensor(ws.int().tolist()), return_counts=True)
    return vals.tolist(), counts.tolist(), int(exps.max().item()) + 1

v1, c1, s1 = widths(36.44, 24, 2.49, 13)
v2, c2, s2 = widths(38.65, 88, 2.43, 25)
v3, c3, s3 = widths(17.0, 80, 2.0, 21)
dpr = [x.tolist() for x in torch.linspace(0, 0.1, 12).split([2, 2, 6, 2])]
kinds = sum(1 if d > 0. else 100 for stage in dpr for d in stage)
flat = [x.item() for x in torch.linspace(0, 0.2, 5)]
t = torch.arange(4)
alias = t
t += 1
net = nn.Linear(sum(v1) + sum(c1) + s1 + sum(v2) + sum(c2) + s2 + sum(v3) + len(c3) + s3 + kinds + (1 if flat[0] == 0.0 else 1000) + len(flat), 1)
`, 'net');
  // torch 2.14.1: widths [24, 56, 152, 368] x [1, 1, 4, 7], [88, 216, 520, 1264] x [2, 5, 12, 6],
  // [80, 160, 320] x 3 stages; 11 rates above 0 and the first exactly 0 (111); 3417 inputs
  expect(m.params.total).toBe(3418);
});

test('a tensor changed in place, and values known only within rounding, are not guessed', async () => {
  const m = await modelOf(`
import torch
import torch.nn as nn
t = torch.arange(4)
alias = t
t += 1
a = nn.Linear(alias.tolist()[0] + 1, 1)
r = torch.linspace(0, 0.1, 3).tolist()
b = nn.Linear(2 if r[1] == 0.05 else 3, 1)
`, 'a');
  expect(m.params.total).toBeNull();
  const b = await modelOf(`
import torch
import torch.nn as nn
r = torch.linspace(0, 0.1, 3).tolist()
b = nn.Linear(2 if r[1] == 0.05 else 3, 1)
`, 'b');
  expect(b.params.total).toBeNull();
});
