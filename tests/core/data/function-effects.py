# Test input (tests/core/interpreter.test.ts): functions called with a model inside a loop over
# unknown data; only the first leaves the model as it is.
import torch.nn as nn
def evaluate(m, x):
    m.eval()
    out = m(x)
    print(m)
    return out
def grow(m, x):
    m.extra = nn.Linear(2, 2)
def sneaky(m, x):
    helper(m)
def rebind(m, x):
    m = m.to("cpu")
    m.extra = nn.Linear(2, 2)
net = nn.Sequential(nn.Linear(2, 3))
net2 = nn.Sequential(nn.Linear(2, 3))
net3 = nn.Sequential(nn.Linear(2, 3))
net4 = nn.Sequential(nn.Linear(2, 3))
for batch in loader:
    evaluate(net, batch)
    grow(net2, batch)
    sneaky(net3, batch)
    rebind(net4, batch)
