// A model never called gets a symbolic forward pass for its shapes (frameworks/torch/
// extract.ts); what that pass does to the model never happened in Python, so it must not
// change the counts (frameworks/torch/forward-undo.ts). A forward the notebook runs does.
// Does not: run torch (counts worked out by hand: Linear(4, 2) = 10, Linear(2, 2) = 6).
import { modelOf } from '../helpers/analyze';

const SRC = `
import torch
import torch.nn as nn

class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        if x.sum() > 0:
            self.extra = nn.Linear(2, 2)
        return self.fc(x)

never_called = M()
called = M()
y = called(torch.randn(1, 4))
`;

test('the symbolic pass of a model never called leaves its counts as built', async () => {
  expect((await modelOf(SRC, 'never_called')).params.total).toBe(10);
});

test('a forward the notebook runs may change the model: its counts follow it', async () => {
  expect((await modelOf(SRC, 'called')).params.total).toBeNull();
});
