// The shared shape arithmetic (src/core/frameworks/shape.ts) and its one mismatch policy: a
// conflict that would raise when run is an error at the call site in both frameworks, a
// dimension that is only unknown never is.
import { Analyzer } from '../../src/core/analyzer';
import { polyConst, polySym } from '../../src/core/interp/poly';
import { broadcast, broadcastAll, convOut, convOutMode, D, matmul, num } from '../../src/core/frameworks/shape';
import { getParser } from '../helpers/parser';

const n = (x: number): D => polyConst(BigInt(x));
const dims = (s: D[] | null): Array<number | string | null> | null => (s ? s.map(d => (d === null ? null : num(d) !== null ? Number(num(d)) : 'sym')) : null);

function recorder(): { problems: { mismatch(m: string): void }; messages: string[] } {
  const messages: string[] = [];
  return { problems: { mismatch: m => messages.push(m) }, messages };
}

test('broadcasting: exact conflicts are reported, unknown dims are not', () => {
  const r = recorder();
  expect(dims(broadcast([n(2), n(1), n(4)], [n(3), n(1)], r.problems, 'add'))).toEqual([2, 3, 4]);
  expect(dims(broadcast([null, n(4)], [n(5), n(4)], r.problems, 'add'))).toEqual([null, 4]);
  expect(r.messages).toEqual([]);
  expect(broadcast([n(2), n(3)], [n(2), n(4)], r.problems, 'add')).toBeNull();
  expect(r.messages).toEqual(['add: shapes [2, 3] and [2, 4] cannot be broadcast together']);
  const s = recorder();
  expect(dims(broadcastAll([[n(3), n(1)], [n(1), n(5)], [n(5)]], s.problems, 'where'))).toEqual([3, 5]);
  expect(dims(broadcastAll([[polySym('B'), n(5)], [polySym('B'), n(1)]], s.problems, 'where'))).toEqual(['sym', 5]);
  expect(s.messages).toEqual([]);
});

test('matmul: 1-D operands promoted, inner dimensions checked', () => {
  const r = recorder();
  expect(dims(matmul([n(7), n(2), n(3)], [n(3), n(5)], r.problems))).toEqual([7, 2, 5]);
  expect(dims(matmul([n(3)], [n(3), n(5)], r.problems))).toEqual([5]);
  expect(dims(matmul([n(2), n(3)], [n(3)], r.problems))).toEqual([2]);
  expect(r.messages).toEqual([]);
  expect(matmul([n(2), n(3)], [n(4), n(5)], r.problems)).toBeNull();
  expect(r.messages).toEqual(['matmul: shapes [2, 3] and [4, 5] cannot be multiplied (3 vs 4)']);
});

test('conv output lengths: explicit padding (PyTorch) and padding modes (Keras)', () => {
  // Conv2d(k=3, s=2, p=1) on 32: 16; MaxPool2d(3, 2, ceil_mode=True) on 8: 4 (torch 2.13).
  expect(num(convOut(n(32), n(3), n(2), n(1), n(1)))).toBe(16n);
  expect(num(convOut(n(8), n(3), n(2), n(0), n(1), true))).toBe(4n);
  // Keras Conv2D(3, strides=2): 'valid' 15, 'same' 16 on 32; dilation 2 'valid' on 32: 28.
  expect(num(convOutMode(n(32), n(3), 'valid', n(2), n(1)))).toBe(15n);
  expect(num(convOutMode(n(32), n(3), 'same', n(2), n(1)))).toBe(16n);
  expect(num(convOutMode(n(32), n(3), 'valid', n(1), n(2)))).toBe(28n);
});

describe('one mismatch policy in both frameworks', () => {
  let analyzer: Analyzer;
  beforeAll(async () => {
    analyzer = new Analyzer(await getParser());
  });
  const errors = (src: string): string[] =>
    analyzer
      .analyze([{ id: 'c', kind: 'code', source: src }])
      .diagnostics.filter(d => d.severity === 'error')
      .map(d => `${d.code}: ${d.message}`);

  test('PyTorch: adding tensors that cannot be broadcast', () => {
    expect(errors('import torch\nx = torch.randn(2, 3) + torch.randn(2, 4)\n')).toEqual(['shape-mismatch: operator +: shapes [2, 3] and [2, 4] cannot be broadcast together']);
  });

  test('Keras: an Add layer on inputs that cannot be broadcast', () => {
    expect(errors('import keras\nfrom keras import layers\na = keras.Input((4,))\nb = keras.Input((5,))\ny = layers.Add()([a, b])\n')).toEqual([
      'shape-mismatch: add: Add: shapes [?, 4] and [?, 5] cannot be broadcast together'
    ]);
  });

  test('Keras: keras.ops.matmul of shapes that cannot be multiplied', () => {
    expect(errors('import keras\na = keras.Input((4,))\nw = keras.ops.ones((5, 3))\ny = keras.ops.matmul(a, w)\n')).toEqual([
      'shape-mismatch: matmul: shapes [?, 4] and [5, 3] cannot be multiplied (4 vs 5)'
    ]);
  });

  test('no error when a dimension is only unknown', () => {
    expect(errors('import keras\nfrom keras import layers\na = keras.Input((None, 4))\nb = keras.Input((7, 4))\ny = layers.Add()([a, b])\n')).toEqual([]);
    expect(errors('import torch\nimport sys\nn = int(sys.argv[1])\nx = torch.randn(n, 3) + torch.randn(5, 3)\n')).toEqual([]);
  });
});
