// numpy, in one place: `import numpy as np` is answered here. Its scalar helpers that model
// code uses on sizes (np.prod(shape), np.sum, np.pi, np.int64, np.sqrt, np.linspace) are
// modelled as Python values; everything else (arrays of data: np.zeros((2, 32, 32, 3)),
// np.random.rand(...), numpy.random / numpy.linalg) is handed to the Keras host, whose op
// table mirrors numpy's and makes concrete tensors that Keras layers and torch.from_numpy take.
// Does not: model numpy's dtypes or values of arrays.
import type { FrameworkHost } from '../../interp/host';
import type { Interp } from '../../interp/context';
import { binaryOp } from '../../interp/ops';
import { stdlibAttrUncached } from '../../interp/builtins';
import { asInt, asNumber, BuiltinV, CallSite, int, NONE, truthy, TRUE, unknown, Value } from '../../interp/values';

function b(name: string, fn: BuiltinV['fn']): BuiltinV {
  return { k: 'builtin', name, fn };
}

export class NumpyHost implements Partial<FrameworkHost> {
  /** The same object for the same name (np.prod == np.prod), per analysis. */
  private readonly scalars = new Map<string, Value | null>();

  /** `arrays()` is the host that makes numpy's arrays (the Keras host). */
  constructor(private readonly arrays: () => Partial<FrameworkHost>) {}

  importModule(path: string): Value | null {
    return { k: 'pymod', path };
  }

  pymodAttr(I: Interp, path: string, name: string, site: CallSite): Value {
    if (path === 'numpy') {
      let v = this.scalars.get(name);
      if (v === undefined) {
        v = scalarAttr(I, name);
        this.scalars.set(name, v);
      }
      if (v !== null) {
        return v;
      }
    }
    const arrays = this.arrays();
    return arrays.pymodAttr ? arrays.pymodAttr(I, path, name, site) : { k: 'pymod', path: `?${path}.${name}` };
  }
}

/** numpy's scalar helpers model code uses on shapes and sizes (np.prod(shape), np.linspace(...)). */
function scalarAttr(I: Interp, name: string): Value | null {
  const reduceNum = (op: '*' | '+', start: bigint): Value =>
    b(`numpy.${name}`, a => {
      const items = a[0] ? I.iterate(a[0]) : null;
      if (!items) {
        return a[0] && (a[0].k === 'int' || a[0].k === 'sym') ? a[0] : unknown(`numpy.${name}() of values not known statically`);
      }
      let acc: Value = int(start);
      for (const it of items) {
        acc = binaryOp(op, acc, it, I.budgets);
      }
      return acc;
    });
  switch (name) {
    case 'prod':
    case 'product':
      return reduceNum('*', 1n);
    case 'sum':
      return reduceNum('+', 0n);
    case 'pi':
      return { k: 'float', v: Math.PI };
    case 'int64':
    case 'int32':
    case 'int_':
      return I.builtins.get('int') ?? null;
    case 'float32':
    case 'float64':
      return I.builtins.get('float') ?? null;
    case 'sqrt':
    case 'floor':
    case 'ceil':
    case 'log2':
    case 'log':
    case 'exp':
      return stdlibAttrUncached(I, 'math', name);
    case 'linspace':
      // np.linspace(start, stop, num=50, endpoint=True): the values, as a list of floats
      // (stochastic-depth rates); only indexing, iterating and tolist() are used on them.
      return b('numpy.linspace', (a, kw) => {
        const start = asNumber(a[0] ?? kw.get('start') ?? NONE);
        const stop = asNumber(a[1] ?? kw.get('stop') ?? NONE);
        const num = asInt(a[2] ?? kw.get('num') ?? int(50));
        const endpoint = truthy(a[3] ?? kw.get('endpoint') ?? TRUE);
        if (start === null || stop === null || num === null || num < 0n || num > BigInt(I.budgets.maxCollectionLength) || endpoint === null || kw.has('retstep') || kw.has('dtype')) {
          return unknown('numpy.linspace() not known statically');
        }
        const n = Number(num);
        const div = endpoint ? n - 1 : n;
        const step = div > 0 ? (stop - start) / div : 0;
        const items: Value[] = [];
        for (let i = 0; i < n; i++) {
          items.push({ k: 'float', v: endpoint && i === n - 1 && n > 1 ? stop : start + i * step });
        }
        return { k: 'list', items };
      });
    default:
      return null;
  }
}
