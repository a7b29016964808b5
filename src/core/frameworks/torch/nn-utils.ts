// torch.nn.utils that change a module's parameters: pruning (torch 2.13, prune.py: the
// parameter moves to `name_orig`, a `name_mask` buffer of its shape is registered and `name`
// becomes a plain attribute; prune.remove() puts it back) and weight/spectral norm, both the
// classic hooks and the parametrizations versions, with the tensors they register.
// Does not: model other utilities (their calls make the modules' totals unknown, effects.ts).
import type { Interp } from '../../interp/context';
import { polyConst, polyConstValue, polyDivConst } from '../../interp/poly';
import { asInt, builtin as b, CallSite, ClassV, Dims, freshId, InstanceV, isModuleInstance, ModuleState, NONE, TensorV, unknown, Value } from '../../interp/values';
import { ensureMod, namedModules, newParam, newTensor, numel, slotMap } from './module';

export const PRUNE_ONE = new Set(['identity', 'random_unstructured', 'l1_unstructured', 'random_structured', 'ln_structured', 'custom_from_mask']);

export const PRUNE_METHODS = new Set(['Identity', 'RandomUnstructured', 'L1Unstructured', 'RandomStructured', 'LnStructured', 'CustomFromMask', 'BasePruningMethod', 'PruningContainer']);

/** Prunes module.name; false (nothing changed) when that is not a known parameter. */
export function pruneParameter(m: Value, name: Value | undefined): boolean {
  if (!isModuleInstance(m) || !name || name.k !== 'str') {
    return false;
  }
  const mod = m.mod;
  const n = name.v;
  if (mod.params.has(`${n}_orig`) && mod.buffers.has(`${n}_mask`)) {
    return true;
  }
  const w = mod.params.get(n);
  if (!w || !w.shape) {
    return false;
  }
  mod.params.delete(n);
  slotMap(mod, 'params').set(`${n}_orig`, w);
  slotMap(mod, 'buffers').set(`${n}_mask`, newTensor([...w.shape]));
  m.attrs.set(n, newTensor([...w.shape]));
  return true;
}

export function pruneAttr(I: Interp, name: string): Value | null {
  const fail = (m: Value | undefined, what: string, site: CallSite): Value => {
    if (m && isModuleInstance(m)) {
      m.mod.unknownParams.push(`${what} not known statically`);
    }
    I.diag('info', 'unknown-call', `${what} not known statically`, site.span);
    return unknown(`${what} not known statically`, site.span);
  };
  if (PRUNE_ONE.has(name)) {
    return b(`prune.${name}`, (a, kw, s) => {
      const m = a[0] ?? kw.get('module');
      return pruneParameter(m ?? NONE, a[1] ?? kw.get('name')) ? (m as Value) : fail(m, `prune.${name}()`, s);
    });
  }
  if (name === 'global_unstructured') {
    return b('prune.global_unstructured', (a, kw, s) => {
      const pairs = I.iterate(a[0] ?? kw.get('parameters') ?? NONE);
      const ok = pairs !== null && pairs.every(p => (p.k === 'tuple' || p.k === 'list') && p.items.length === 2 && isModuleInstance(p.items[0]) && p.items[1].k === 'str' && (p.items[0].mod.params.get(p.items[1].v) || p.items[0].mod.params.has(`${p.items[1].v}_orig`)));
      if (!ok) {
        // Which modules it prunes is not known: any module of the notebook may be one.
        const all = pairs ?? [...I.globals.vars.values()].map(v => ({ k: 'tuple', items: [v] }) as Value);
        for (const p of all) {
          if (p.k === 'tuple' || p.k === 'list') {
            fail(p.items[0], 'prune.global_unstructured()', s);
          }
        }
        return unknown('prune.global_unstructured() not known statically', s.span);
      }
      for (const p of pairs as Value[]) {
        pruneParameter((p as { items: Value[] }).items[0], (p as { items: Value[] }).items[1]);
      }
      return NONE;
    });
  }
  if (name === 'remove') {
    return b('prune.remove', (a, kw, s) => {
      const m = a[0] ?? kw.get('module');
      const n = a[1] ?? kw.get('name');
      if (!isModuleInstance(m) || !n || n.k !== 'str' || !m.mod.params.get(`${n.v}_orig`) || !m.mod.buffers.has(`${n.v}_mask`)) {
        return fail(m, 'prune.remove()', s);
      }
      const w = m.mod.params.get(`${n.v}_orig`) as TensorV;
      m.mod.params.delete(`${n.v}_orig`);
      m.mod.buffers.delete(`${n.v}_mask`);
      m.attrs.delete(n.v);
      slotMap(m.mod, 'params').set(n.v, w);
      return m;
    });
  }
  if (name === 'is_pruned') {
    return b('prune.is_pruned', a => {
      const m = a[0];
      if (!isModuleInstance(m)) {
        return unknown('prune.is_pruned()');
      }
      const pruned = (x: InstanceV & { mod: ModuleState }): boolean => [...x.mod.buffers.keys()].some(k => k.endsWith('_mask') && x.mod.params.has(`${k.slice(0, -5)}_orig`));
      return { k: 'bool', v: namedModules(m).some(([, x]) => isModuleInstance(x) && pruned(x)) };
    });
  }
  if (PRUNE_METHODS.has(name)) {
    return { k: 'pymod', path: `torch.nn.utils.prune.${name}` };
  }
  return null;
}

export function reparametrize(I: Interp, kind: string, parametrization: boolean, a: Value[], kw: Map<string, Value>, site: CallSite, classOf: (n: string) => ClassV): Value {
  const m = a[0] ?? kw.get('module');
  if (!m || m.k !== 'instance' || !m.mod) {
    return unknown(`${kind}() of a value not known statically`, site.span);
  }
  const mod = m.mod;
  const nameV = a[1] ?? kw.get('name');
  const name = nameV && nameV.k === 'str' ? nameV.v : 'weight';
  const w = mod.params.get(name);
  if (!w || !w.shape) {
    mod.unknownParams.push(`${kind}(): parameter '${name}' not known statically`);
    return m;
  }
  const shape = w.shape;
  const type = mod.layerType ?? '';
  const dimDefault = /ConvTranspose/.test(type) ? 1 : 0;
  const dimArg = kind === 'weight_norm' ? a[2] ?? kw.get('dim') : kw.get('dim') ?? (parametrization ? a[3] : a[4]);
  let dim: number | null = dimDefault;
  if (dimArg && dimArg.k === 'none') {
    dim = kind === 'weight_norm' ? null : dimDefault;
  } else if (dimArg) {
    const d = asInt(dimArg);
    dim = d === null ? -99 : Number(d < 0n ? d + BigInt(shape.length) : d);
  }
  if (dim === -99) {
    mod.unknownParams.push(`${kind}(): dim not known statically`);
    return m;
  }
  const gShape: Dims = dim === null ? [] : shape.map((d, i) => (i === dim ? d : polyConst(1n)));
  const h = dim === null ? polyConst(1n) : shape[dim];
  const total = numel(shape);
  const wDim = h && total && polyConstValue(h) !== null ? polyDivConst(total, polyConstValue(h) as bigint) : null;
  mod.params.delete(name);
  if (!parametrization) {
    if (kind === 'spectral_norm') {
      slotMap(mod, 'params').set(`${name}_orig`, w);
      slotMap(mod, 'buffers').set(`${name}_u`, newTensor([h]));
      slotMap(mod, 'buffers').set(`${name}_v`, newTensor([wDim]));
    } else {
      slotMap(mod, 'params').set(`${name}_g`, newParam(gShape, w.requiresGrad !== false));
      slotMap(mod, 'params').set(`${name}_v`, newParam([...shape], w.requiresGrad !== false));
    }
    m.attrs.set(name, newTensor([...shape]));
    return m;
  }
  // parametrizations: module.parametrizations[name] = ParametrizationList([_WeightNorm|_SpectralNorm])
  const mk = (n: string, layerType: string): InstanceV => {
    I.noteModule();
    const inst: InstanceV = { k: 'instance', cls: classOf(n), attrs: new Map(), id: freshId(), span: site.span };
    const st = ensureMod(inst);
    st.layerType = layerType;
    st.displayType = n;
    st.ctorSig = n;
    return inst;
  };
  let dictInst = mod.modules.get('parametrizations');
  if (!dictInst) {
    dictInst = mk('ModuleDict', 'ModuleDict');
    slotMap(mod, 'modules').set('parametrizations', dictInst);
  }
  const list = mk('ParametrizationList', 'ParametrizationList');
  const fn = mk(kind === 'weight_norm' ? '_WeightNorm' : '_SpectralNorm', kind === 'weight_norm' ? '_WeightNorm' : '_SpectralNorm');
  slotMap(ensureMod(list), 'modules').set('0', fn);
  if (kind === 'weight_norm') {
    slotMap(ensureMod(list), 'params').set('original0', newParam(gShape, w.requiresGrad !== false));
    slotMap(ensureMod(list), 'params').set('original1', newParam([...shape], w.requiresGrad !== false));
  } else {
    slotMap(ensureMod(list), 'params').set('original', w);
    slotMap(ensureMod(fn), 'buffers').set('_u', newTensor([h]));
    slotMap(ensureMod(fn), 'buffers').set('_v', newTensor([wDim]));
  }
  slotMap(ensureMod(dictInst as InstanceV), 'modules').set(name, list);
  mod.displayType = `Parametrized${type}`;
  return m;
}
