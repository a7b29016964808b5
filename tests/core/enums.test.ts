// enum.Enum as library code uses it (interp/enums.ts): members by attribute, value and name,
// str/int mixins comparing and hashing as their value, aliases, auto(), iteration, identity;
// what is not modelled stays unknown.
// Does not: run Python (the expected numbers are worked out by hand from Python's rules).
import { modelOf } from '../helpers/analyze';

test('enum members: lookups, str mixin equality and hashing, aliases, auto, iteration', async () => {
  const m = await modelOf(`
import torch.nn as nn
from enum import Enum, IntEnum, auto, unique

@unique
class Format(str, Enum):
    NCHW = 'NCHW'
    NHWC = 'NHWC'
    NLC = 'NLC'

class Color(Enum):
    RED = auto()
    GREEN = auto()
    CRIMSON = 1

class Level(IntEnum):
    LOW = 2
    HIGH = 5

fmt = Format('NHWC')
n = 0
n += 1 if fmt is Format.NHWC else 100
n += 1 if fmt == 'NHWC' else 100
n += 1 if Format.NCHW != 'NHWC' else 100
n += 1 if {'NLC': 3}[Format.NLC] == 3 else 100
n += 1 if Format['NLC'] is Format.NLC else 100
n += 1 if Format(Format.NCHW) is Format.NCHW else 100
n += 1 if isinstance(Format.NCHW, str) and isinstance(Format.NCHW, Format) else 100
n += 1 if Color.CRIMSON is Color.RED and Color.GREEN.value == 2 else 100
n += 1 if Color.RED != Color.GREEN and Color.RED.name == 'RED' else 100
n += len([c for c in Color])
n += Level.HIGH.value + Level(2).value
n += 1 if Level.LOW == 2 else 100
net = nn.Linear(n, 1)
`, 'net');
  // 9 checks + 2 members (CRIMSON is an alias) + 5 + 2 + 1 = 19 inputs, 20 parameters
  expect(m.params.total).toBe(20);
});

test('an enum value that is not a member, or members made by a custom __init__, stay unknown', async () => {
  const m = await modelOf(`
import torch.nn as nn
from enum import Enum

class Format(str, Enum):
    NCHW = 'NCHW'

class Planet(Enum):
    EARTH = (3, 4)
    def __init__(self, a, b):
        self.size = a * b

net = nn.Linear(4 if Format('NLC') else 8, 1)
`, 'net');
  expect(m.params.total).toBeNull();
  const p = await modelOf(`
import torch.nn as nn
from enum import Enum

class Planet(Enum):
    EARTH = (3, 4)
    def __init__(self, a, b):
        self.size = a * b

net = nn.Linear(Planet.EARTH.size, 1)
`, 'net');
  expect(p.params.total).toBeNull();
});
