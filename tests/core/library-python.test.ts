// Python that installed libraries use at import time and in their factories (issue 16):
// defaultdict factories, deque, str.partition / split(sep, maxsplit) / strip(chars), re.compile,
// logging and warnings, itertools.repeat, collections.abc and functools.partial in
// isinstance(), hasattr/getattr on modules, sys.modules, fn.__module__, module attributes set
// by a registry decorator, and `from pkg import f` where pkg binds f over its submodule f.py.
import { Analyzer } from '../../src/core/analyzer';
import type { ModuleFile, ModuleSource } from '../../src/core/env/source';
import { cellsOf, modelOf } from '../helpers/analyze';
import { getParser } from '../helpers/parser';

test('builtin types and standard-library helpers give the values Python gives', async () => {
  const m = await modelOf(`
import torch.nn as nn
import collections, itertools, re, logging, warnings, functools
from collections import defaultdict, deque
d = defaultdict(list)
d['a'].append(3)
a, b, c = 'x.y.z'.partition('.')
name, *tags = 'resnet50.a1_in1k'.split('.', 1)
w = len('**ab*'.strip('*')) + len(tags[0].rstrip('k'))
logging.getLogger(__name__).info('x')
warnings.warn('y')
q = deque([1])
q.appendleft(2)
ok = re.compile(r'[a-z]+').fullmatch('abc') is not None and re.compile(r'[a-z]+').fullmatch('ab1') is None
rep = tuple(itertools.repeat(4, 2))
iso = isinstance([1], collections.abc.Iterable) and not isinstance(3, collections.abc.Iterable)
part = isinstance(functools.partial(nn.Linear, 2), functools.partial) and not isinstance(nn.Linear, functools.partial)
net = nn.Linear(d['a'][0] + len(c) + w + q[0] + (1 if ok else 100) + rep[1] + (1 if iso else 100) + (1 if part else 100), 1)
`, 'net');
  // 3 + 3 + (2 + 6) + 2 + 1 + 4 + 1 + 1 = 23 inputs
  expect(m.params.total).toBe(24);
});

test('hasattr and getattr with a default on an nn.Module answer from what it holds', async () => {
  const m = await modelOf(`
import torch.nn as nn
class M(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)
m = M()
k = getattr(m, '_traits', {'n': 5})['n'] + (0 if hasattr(m, 'zero_init_last') else 1) + (1 if hasattr(m, 'fc') else 0)
net = nn.Linear(k, 1)
`, 'net');
  expect(m.params.total).toBe(8);
});

const REGLIB = `
import sys
import torch.nn as nn
_reg = {}

def register(fn):
    mod = sys.modules[fn.__module__]
    if hasattr(mod, '__all__'):
        mod.__all__.append(fn.__name__)
    else:
        mod.__all__ = [fn.__name__]
    _reg[fn.__name__] = fn
    return fn

@register
def small():
    return nn.Linear(3, 3)

@register
def wide():
    return nn.Linear(3, 30)
`;

class Files implements ModuleSource {
  constructor(private readonly files: Record<string, [string, string]>) {}
  find(dotted: string): ModuleFile | null {
    const f = this.files[dotted];
    return f ? { path: `/env/${f[0]}`, isPackage: f[0].endsWith('__init__.py'), mtime: 1, size: f[1].length, read: () => f[1] } : null;
  }
}

test('a registry filled by a decorator at import time, read through sys.modules and __module__', async () => {
  const analyzer = new Analyzer(await getParser());
  const modules = new Files({
    reglib: ['reglib.py', REGLIB],
    pkg: ['pkg/__init__.py', 'from .make import make\n'],
    'pkg.make': ['pkg/make.py', 'import torch.nn as nn\ndef make(n):\n    return nn.Linear(n, n)\n']
  });
  const ir = analyzer.analyze(cellsOf(`
import torch.nn as nn
import reglib
from pkg import make
net = reglib._reg['wide']()
n = nn.Linear(len(reglib.__all__), 1)
p = make(2)
`), { modules });
  const total = (name: string) => ir.models.find(x => x.name === name)?.params.total;
  expect([total('net'), total('n'), total('p')]).toEqual([120, 3, 6]);
});

test('dataclass configs: deepcopy, asdict, truthiness, getattr on None', async () => {
  const m = await modelOf(`
import copy
import torch.nn as nn
from dataclasses import dataclass, asdict, field
@dataclass
class Cfg:
    width: int = 4
    tags: list = field(default_factory=list)
c = Cfg()
c2 = copy.deepcopy(c)
c2.width = 9
c2.tags.append('x')
d = asdict(c)
k = c.width + d['width'] + len(c.tags) + (1 if c else 100) + getattr(None, 'strict', 2)
net = nn.Linear(k, c2.width)
`, 'net');
  // k = 4 + 4 + 0 + 1 + 2 = 11; Linear(11, 9)
  expect(m.params.total).toBe(11 * 9 + 9);
});

test('drop-path rates from torch.linspace: equal ends are known; other rates are known to be above 0, their exact value is not', async () => {
  const m = await modelOf(`
import torch
import torch.nn as nn
dpr = [x.item() for x in torch.linspace(0, 0.0, 4)]
st = [x.tolist() for x in torch.linspace(0, 0., 5).split([2, 3])]
blocks = nn.Sequential(*[nn.Dropout(p) if p > 0. else nn.Linear(2, 2) for p in dpr])
net = nn.Linear(len(dpr) + len(st[1]) + (1 if st[0][1] > 0 else 0), 1)
`, 'net');
  expect(m.params.total).toBe(8);
  expect((await modelOf(`
import torch
import torch.nn as nn
dpr = [x.item() for x in torch.linspace(0, 0.1, 4)]
net = nn.Sequential(*[nn.Dropout(p) if p > 0. else nn.Linear(2, 2) for p in dpr])
`, 'net')).params.total).toBe(6); // torch 2.14.1: [0.0, 0.033.., 0.066.., 0.1]: one Linear(2, 2)
  expect((await modelOf(`
import torch
import torch.nn as nn
dpr = [x.item() for x in torch.linspace(0, 0.1, 4)]
net = nn.Linear(2 if dpr[1] * 3 == 0.1 else 3, 1)
`, 'net')).params.total).toBeNull();
});

test("'name' in dir(framework module) asks the framework's catalog", async () => {
  const m = await modelOf(`
import torch
import torch.nn as nn
act = nn.SiLU if 'silu' in dir(torch.nn.functional) else nn.Linear
net = nn.Sequential(act(), nn.Linear(2, 1))
`, 'net');
  expect(m.params.total).toBe(3);
});

test('a class object is not an instance of nn.Module', async () => {
  const m = await modelOf(`
import torch.nn as nn
def get(attn):
    return attn if isinstance(attn, nn.Module) else attn(4)
net = nn.Sequential(get(nn.Linear)(4) if False else get(nn.BatchNorm1d), nn.Linear(4, 1))
`, 'net');
  expect(m.params.total).toBe(8 + 5);
});

test('calling a framework submodule under an unknown condition changes no module', async () => {
  const src = (call: string) => `
import os
import torch
import torch.nn as nn
class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fast = 'X' in os.environ
        self.drop = nn.Dropout(0.1)
        self.fc = nn.Linear(4, 4)
    def forward(self, x):
        if self.fast:
            x = ${call}
        return self.fc(x)
net = Block()
y = net(torch.randn(2, 4))
`;
  expect((await modelOf(src('self.drop(x)'), 'net')).params.total).toBe(20);
  // A method of the module itself may change it: unknown.
  expect((await modelOf(src('self.add_module("more", nn.Linear(4, 4)) or x'), 'net')).params.total).toBeNull();
});

test('os.environ and os.getenv are known only when the host gives the environment', async () => {
  const src = `
import os
import torch.nn as nn
w = int(os.environ.get('WIDTH', 4)) + (1 if 'FAST' in os.environ else 0) + len(os.getenv('NAME', 'ab'))
net = nn.Linear(w, 1)
`;
  expect((await modelOf(src, 'net', { environ: new Map([['FAST', '1']]) })).params.total).toBe(8);
  expect((await modelOf(src, 'net', { environ: new Map([['WIDTH', '10']]) })).params.total).toBe(13);
  expect((await modelOf(src, 'net')).params.total).toBeNull();
});

test('typing.Sequence in isinstance() is collections.abc.Sequence', async () => {
  const m = await modelOf(`
from typing import Sequence
from dataclasses import dataclass
import torch.nn as nn
@dataclass
class B:
    d: int = 2
def expand(cfg):
    if not isinstance(cfg, Sequence):
        cfg = (cfg,)
    return [c.d for c in cfg]
net = nn.Linear(len(expand(B())) + len(expand((B(), B()))) + (1 if isinstance([1], Sequence) else 0), 1)
`, 'net');
  expect(m.params.total).toBe(5);
});

test('issubclass() with a tuple of classes', async () => {
  const m = await modelOf(`
import torch.nn as nn
class A: pass
class B(A): pass
class C: pass
k = (1 if issubclass(B, (C, A)) else 0) + (1 if issubclass(C, (A, B)) else 10)
net = nn.Linear(k, 1)
`, 'net');
  expect(m.params.total).toBe(12);
});

test('functools.wraps names the wrapper; super().__init__ of a dataclass; copy.copy of an object', async () => {
  // torchvision: register_model keys builders by __name__ through a wraps()ed decorator;
  // MBConvConfig subclasses a dataclass and calls its generated __init__; blocks copy configs.
  const m = await modelOf(`
import torch.nn as nn
import copy, functools
from dataclasses import dataclass
REG = {}
def deco(fn):
    @functools.wraps(fn)
    def inner(*args, **kwargs):
        return fn(*args, **kwargs)
    return inner
def register(fn):
    REG[fn.__name__] = fn
    return fn
@register
@deco
def small():
    return 2
@register
@deco
def big():
    return 5
@dataclass
class Base:
    width: int
    depth: int
    def __post_init__(self):
        self.total = self.width * self.depth
class Cfg(Base):
    def __init__(self, width, depth):
        super().__init__(width * 2, depth)
c = Cfg(REG["small"](), REG["big"]())
c2 = copy.copy(c)
c2.width = 1
net = nn.Linear(c.width + c.total + c2.width, 1)
`, 'net');
  // 4 + 20 + 1 = 25 inputs
  expect(m.params.total).toBe(26);
});

test('getattr with a default on an nn.Sequential subclass: a private name torch does not define', async () => {
  // torchvision's detection backbones: getattr(block, "_is_cn", False) over the features.
  const m = await modelOf(`
import torch.nn as nn
class Block(nn.Sequential):
    def __init__(self, stride):
        super().__init__(nn.Linear(2, 2))
        if stride > 1:
            self._is_cn = True
blocks = [Block(1), Block(2), Block(1)]
n = len([b for b in blocks if getattr(b, "_is_cn", False)])
net = nn.Linear(n, 1)
`, 'net');
  expect(m.params.total).toBe(2);
});

test('set.issubset / issuperset / isdisjoint and isinstance(x, type(None))', async () => {
  // torchvision's IntermediateLayerGetter checks return_layers with issubset; FasterRCNN
  // checks optional arguments with isinstance(x, (Cls, type(None))).
  const m = await modelOf(`
import torch.nn as nn
a = {"1", "2"}
n = 0
if a.issubset(["1", "2", "3"]):
    n += 1
if not a.issubset(["1"]):
    n += 2
if {"1", "2", "3"}.issuperset(a):
    n += 4
if a.isdisjoint(["3"]) and not a.isdisjoint(["2"]):
    n += 8
if isinstance(None, (nn.Linear, type(None))) and not isinstance(3, type(None)):
    n += 16
net = nn.Linear(n, 1)
`, 'net');
  expect(m.params.total).toBe(32);
});

test('str.startswith / endswith with a tuple of prefixes (freezing by layer-name prefixes)', async () => {
  const m = await modelOf(`
import torch.nn as nn
n = 0
n += 1 if "layer4.0".startswith(("layer4", "fc")) else 100
n += 1 if not "conv1".startswith(("layer4", "fc")) else 100
n += 1 if "abc.weight".endswith((".bias", ".weight")) else 100
net = nn.Linear(n, 1)
`, 'net');
  expect(m.params.total).toBe(4);
});

test('functools.partial of a partial is flattened, as CPython does (func, args, keywords)', async () => {
  const m = await modelOf(`
import functools
import torch.nn as nn
inner = functools.partial(nn.Linear, 3)
outer = functools.partial(inner, bias=False)
n = 0
n += 1 if outer.func is nn.Linear else 100
n += 1 if outer.args == (3,) else 100
n += 1 if outer.keywords['bias'] is False and len(outer.keywords) == 1 else 100
net = outer(n)
`, 'net');
  expect(m.params.total).toBe(9); // Linear(3, 3, bias=False)
});

test('slice assignment on a list (xs[a:b] = ys) as Python does it', async () => {
  const m = await modelOf(`
import torch.nn as nn
x = [5]
x[-1:-1] = [7, 8]
y = [1, 2, 3, 4]
y[1:3] = [9]
z = [1, 2]
z[5:] = [3]
net = nn.Linear(sum(x) * 100 + sum(y) * 10 + len(z) + (1 if x == [7, 8, 5] and y == [1, 9, 4] and z == [1, 2, 3] else 1000), 1)
`, 'net');
  expect(m.params.total).toBe(2145); // python3: 2000 + 140 + 3 + 1 inputs, + 1 bias
});

test('`is` between two classes made by class statements is identity (block types chosen per stage)', async () => {
  const m = await modelOf(`
import torch.nn as nn
class A: pass
class B: pass
t = [A, A, B]
net = nn.Linear(sum(1 if k is A else 10 for k in t), 1)
`, 'net');
  expect(m.params.total).toBe(13); // 1 + 1 + 10 inputs, + 1 bias
});

test('tensor.new_empty / new_zeros / new_full make tensors of the given size (timm drop_path in training)', async () => {
  const m = await modelOf(`
import torch
import torch.nn as nn
x = torch.randn(2, 3, 4, 4)
shape = (x.shape[0],) + (1,) * (x.ndim - 1)
r = x.new_empty(shape).bernoulli_(0.9)
r.div_(0.9)
y = x * r
z = x.new_zeros(5, 6)
w = x.new_full((7,), 1.0)
net = nn.Linear(y.shape[3] * 1000 + r.shape[1] * 100 + z.shape[1] * 10 + w.shape[0], 1)
`, 'net');
  expect(m.params.total).toBe(4168); // 4167 inputs + 1 bias
});
