// nn.Module's methods and attributes as a table, one function per method (or family of
// methods): parameters()/buffers() and their named forms (one-shot generators), children and
// modules, train()/eval(), to()/cuda() (the module itself), requires_grad_, apply,
// add_module/register_buffer/register_parameter, state_dict, the containers' append, extend,
// insert, pop, update, keys/values/items, += and +, del m[i], the registries (_modules ...),
// explicit __getattr__/__setattr__, get_submodule/set_submodule. The host looks a name up here.
// Does not: register attributes assigned with `=` (module.ts) or run forwards (host.ts).
import type { Interp } from '../../interp/context';
import { asInt, builtin as b, CallSite, freshId, InstanceV, isModuleInstance, ModuleState, NO_KWARGS, NONE, str, TensorV, truthy, unknown, Value } from '../../interp/values';
import type { TorchHost } from './host';
import {
  addParamItem, deepCopy, ensureMod, moduleList, namedBuffers, namedModules, namedParameters, newTensor, notParam, slotMap, tensorList
} from './module';

/** A method lookup: the module, its registry, the name asked for, where. */
export interface MethodCtx {
  I: Interp;
  host: TorchHost;
  inst: InstanceV;
  mod: ModuleState;
  name: string;
  site: CallSite;
}

type Method = (c: MethodCtx) => Value | undefined;

const listOf = (items: Value[]): Value => ({ k: 'list', items });
const pair = (n: string, v: Value): Value => ({ k: 'tuple', items: [str(n), v] });

function tensorsMethod(c: MethodCtx): Value | undefined {
  const { inst, mod, name } = c;
  return b(name, (a, kw) => {
    const kind = name.endsWith('parameters') ? 'params' : 'buffers';
    const recurse = truthy((name.startsWith('named') ? a[1] : a[0]) ?? kw.get('recurse') ?? { k: 'bool', v: true });
    const prefixV = name.startsWith('named') ? a[0] ?? kw.get('prefix') : undefined;
    if (recurse === null || (prefixV && !(prefixV.k === 'str' && prefixV.v === ''))) {
      return unknown(`${name}() with arguments not modelled`);
    }
    // A generator in PyTorch: one-shot (interpreter.iterate).
    const gen = (items: Value[]): Value => ({ k: 'list', items, generatorOf: inst });
    if (!recurse) {
      // recurse=False: the module's own tensors only.
      const own = [...(kind === 'params' ? mod.params : mod.buffers).entries()].filter((e): e is [string, TensorV] => e[1] !== null);
      return gen(name.startsWith('named') ? own.map(([n, t]) => pair(n, t)) : own.map(([, t]) => t));
    }
    if (name === 'parameters' || name === 'buffers') {
      return gen(tensorList(inst, kind));
    }
    return gen((kind === 'params' ? namedParameters(inst) : namedBuffers(inst)).map(([n, t]) => pair(n, t)));
  });
}

function children(c: MethodCtx): Value | undefined {
  const { mod } = c;
  return b('children', () => listOf([...new Set([...mod.modules.values()].filter((m): m is InstanceV => m !== null))]));
}

function namedChildren(c: MethodCtx): Value | undefined {
  const { mod } = c;
  return b('named_children', () => listOf([...mod.modules.entries()].filter(([, m]) => m !== null).map(([n, m]) => pair(n, m as InstanceV))));
}

function modules(c: MethodCtx): Value | undefined {
  const { inst } = c;
  return b('modules', () => listOf(moduleList(inst)));
}

function namedModulesMethod(c: MethodCtx): Value | undefined {
  const { inst } = c;
  return b('named_modules', () => listOf(namedModules(inst).map(([n, m]) => pair(n, m))));
}

function trainMode(c: MethodCtx): Value | undefined {
  const { inst, name } = c;
  return b(name, (a, kw) => {
    // Module.training, recursively (forward code may branch on it).
    const modeV = name === 'eval' ? { k: 'bool', v: false } as Value : a[0] ?? kw.get('mode') ?? { k: 'bool', v: true };
    const mode = truthy(modeV);
    for (const m of moduleList(inst)) {
      if (m.mod) {
        m.mod.training = mode === null ? undefined : mode;
        m.mod.trainingKnown = mode !== null;
      }
    }
    return inst;
  });
}

function keepSelf(c: MethodCtx): Value | undefined {
  const { inst, name } = c;
  return b(name, a => (name === 'to' && a[0] && a[0].k === 'tensor' ? a[0] : inst));
}

function requiresGrad(c: MethodCtx): Value | undefined {
  const { inst } = c;
  return b('requires_grad_', (a, kw) => {
    const flag = a[0] ?? kw.get('requires_grad') ?? { k: 'bool', v: true };
    const t = truthy(flag);
    for (const p of tensorList(inst, 'params')) {
      p.requiresGrad = t === null ? undefined : t;
    }
    return inst;
  });
}

function zeroGrad(c: MethodCtx): Value | undefined {
  return b('zero_grad', () => NONE);
}

function apply(c: MethodCtx): Value | undefined {
  const { I, inst } = c;
  return b('apply', (a, _kw, s) => {
    const fn = a[0];
    if (fn) {
      const mods = moduleList(inst).reverse();
      for (const m of mods) {
        I.callValue(fn, [m], NO_KWARGS, s);
      }
    }
    return inst;
  });
}

function addModule(c: MethodCtx): Value | undefined {
  const { I, mod, name } = c;
  return b(name, (a, kw, s) => {
    const n = a[0] ?? kw.get('name');
    const m = a[1] ?? kw.get('module');
    if (!n || n.k !== 'str' || !m) {
      mod.unknownParams.push(`${name}() with a name not known statically`);
      I.diag('info', 'unknown-name', `${name}() with a name not known statically`, s.span);
      return NONE;
    }
    if (m.k === 'none') {
      slotMap(mod, 'modules').set(n.v, null);
    } else if (m.k === 'instance' && m.mod) {
      slotMap(mod, 'modules').set(n.v, m);
    } else {
      mod.unknownParams.push(`${name}('${n.v}') with a value not known statically`);
    }
    return NONE;
  });
}

function registerBuffer(c: MethodCtx): Value | undefined {
  const { I, inst, mod } = c;
  return b('register_buffer', (a, kw, s) => {
    const n = a[0] ?? kw.get('name');
    const t = a[1] ?? kw.get('tensor');
    if (!n || n.k !== 'str') {
      mod.unknownParams.push('register_buffer() with a name not known statically');
      return NONE;
    }
    if (t && t.k === 'tensor') {
      slotMap(mod, 'buffers').set(n.v, t);
      if (!t.shape || t.shape.some(d => d === null)) {
        mod.unknownBuffers = true;
      }
    } else if (!t || t.k === 'none') {
      slotMap(mod, 'buffers').set(n.v, null);
    } else {
      slotMap(mod, 'buffers').set(n.v, newTensor(null));
      mod.unknownBuffers = true;
      I.diag('info', 'unknown-shape', `buffer '${n.v}' has a shape not known statically`, s.span);
    }
    inst.attrs.delete(n.v);
    return NONE;
  });
}

function registerParameter(c: MethodCtx): Value | undefined {
  const { inst, mod } = c;
  return b('register_parameter', a => {
    const n = a[0];
    const p = a[1];
    if (!n || n.k !== 'str') {
      mod.unknownParams.push('register_parameter() with a name not known statically');
      return NONE;
    }
    if (!p || p.k === 'none') {
      slotMap(mod, 'params').set(n.v, null);
    } else {
      addParamItem(mod, n.v, p);
    }
    inst.attrs.delete(n.v);
    return NONE;
  });
}

function forward(c: MethodCtx): Value | undefined {
  const { I, host, inst } = c;
  return b('forward', (a, kw, s) => host.callNative(I, inst, a, kw, s));
}

function deepcopyMethod(c: MethodCtx): Value | undefined {
  const { I, inst } = c;
  return deepCopy(inst, I);
}

function stateDict(c: MethodCtx): Value | undefined {
  const { inst } = c;
  // state_dict(keep_vars=True) holds the Parameters themselves (freezing through it
  // works); by default detached tensors (it does not).
  return b('state_dict', (a, kw) => {
    const keep = truthy(a[2] ?? kw.get('keep_vars') ?? { k: 'bool', v: false });
    if (keep === null || a.length > 0 || kw.has('destination') || kw.has('prefix')) {
      return unknown('state_dict() with arguments not modelled');
    }
    const map = new Map<string, [Value, Value]>();
    const add = (path: string, t: TensorV | null): void => {
      if (t) {
        map.set('s' + path, [str(path), keep ? t : notParam(t)]);
      }
    };
    for (const [path, m] of namedModules(inst)) {
      if (isModuleInstance(m)) {
        m.mod.params.forEach((t, n) => add(path ? `${path}.${n}` : n, t));
        m.mod.buffers.forEach((t, n) => add(path ? `${path}.${n}` : n, t));
      }
    }
    return { k: 'dict', map };
  });
}

function notFollowed(c: MethodCtx): Value | undefined {
  const { name } = c;
  return b(name, () => unknown(`${name}()`));
}

function training(c: MethodCtx): Value | undefined {
  const { mod } = c;
  return mod.training === undefined && mod.trainingKnown === false ? unknown('training mode not known statically') : { k: 'bool', v: mod.training ?? true };
}

function append(c: MethodCtx): Value | undefined {
  const { inst, mod } = c;
  return b('append', a => {
    const m = a[0];
    if (mod.layerType === 'ParameterList') {
      addParamItem(mod, String(mod.params.size), m ?? NONE);
    } else if (m && m.k === 'instance' && m.mod) {
      slotMap(mod, 'modules').set(String(mod.modules.size), m);
    } else if (m && m.k === 'none') {
      // ModuleList.append(None): an empty slot, as torch allows.
      slotMap(mod, 'modules').set(String(mod.modules.size), null);
    } else {
      mod.unknownParams.push('append() of a value not known statically');
      slotMap(mod, 'modules').set(String(mod.modules.size), null);
    }
    return inst;
  });
}

function extend(c: MethodCtx): Value | undefined {
  const { I, inst, mod } = c;
  return b('extend', a => {
    const items = a[0] ? I.iterate(a[0]) : null;
    if (!items) {
      mod.unknownParams.push('extend() with values not known statically');
      return inst;
    }
    for (const m of items) {
      if (mod.layerType === 'ParameterList') {
        addParamItem(mod, String(mod.params.size), m);
      } else if (m.k === 'instance' && m.mod) {
        slotMap(mod, 'modules').set(String(mod.modules.size), m);
      } else {
        mod.unknownParams.push('extend() with values not known statically');
      }
    }
    return inst;
  });
}

function insert(c: MethodCtx): Value | undefined {
  const { mod } = c;
  return b('insert', a => {
    const i = asInt(a[0] ?? NONE);
    const m = a[1];
    const items = [...mod.modules.values()];
    if (i === null || !m || m.k !== 'instance') {
      mod.unknownParams.push('insert() not known statically');
      return NONE;
    }
    items.splice(Number(i), 0, m);
    renumber(mod, items);
    return NONE;
  });
}

function keys(c: MethodCtx): Value | undefined {
  const { mod } = c;
  return b('keys', () => (mod.unknownParams.length ? unknown('container entries not known statically') : listOf([...mod.modules.keys()].map(k => str(k)))));
}

function values(c: MethodCtx): Value | undefined {
  const { mod } = c;
  return b('values', () => (mod.unknownParams.length ? unknown('container entries not known statically') : listOf([...mod.modules.values()].map(m => m ?? NONE))));
}

function items(c: MethodCtx): Value | undefined {
  const { mod } = c;
  return b('items', () => (mod.unknownParams.length ? unknown('container entries not known statically') : listOf([...mod.modules.entries()].map(([k, m]) => pair(k, m ?? NONE)))));
}

function pop(c: MethodCtx): Value | undefined {
  const { mod } = c;
  // Sequential.pop(i) / ModuleList.pop(i) (then renumbered, as their __delitem__ does)
  // and ModuleDict.pop(key), as in torch 2.13.
  return b('pop', (a, _kw, s) => {
    const key = a[0] ?? NONE;
    if (mod.layerType === 'ModuleDict' && key.k === 'str' && mod.modules.has(key.v)) {
      const v = mod.modules.get(key.v);
      mod.modules.delete(key.v);
      return v ?? NONE;
    }
    const i = asInt(key);
    const items = [...mod.modules.values()];
    if ((mod.layerType === 'Sequential' || mod.layerType === 'ModuleList') && key.k === 'int' && i !== null && i >= -items.length && i < items.length) {
      const at = Number(i < 0n ? i + BigInt(items.length) : i);
      const [v] = items.splice(at, 1);
      renumber(mod, items);
      return v ?? NONE;
    }
    mod.unknownParams.push('pop() not known statically');
    return unknown('pop() not known statically', s.span);
  });
}

function delItem(c: MethodCtx): Value | undefined {
  const { I, inst, mod } = c;
  // del seq[0] / del blocks[-1] / del heads['aux']: what pop() does (renumbered).
  if (mod.layerType === 'Sequential' || mod.layerType === 'ModuleList' || mod.layerType === 'ModuleDict') {
    return b('__delitem__', (a, kw, s) => I.callValue(I.getAttr(inst, 'pop'), a, kw, s));
  }
  return undefined;
}

function update(c: MethodCtx): Value | undefined {
  const { I, mod } = c;
  // ModuleDict/ParameterDict.update(mapping or iterable of (key, value) pairs).
  return b('update', (a, _kw, s) => {
    const src = a[0];
    const dict = mod.layerType === 'ModuleDict' || mod.layerType === 'ParameterDict';
    // A mapping, or an iterable of (key, value) pairs (a malformed pair fails the check below).
    const asPair = (p: Value): [Value, Value] => ((p.k === 'tuple' || p.k === 'list') && p.items.length === 2 ? [p.items[0], p.items[1]] : [NONE, NONE]);
    let pairs: Array<[Value, Value]> | null = null;
    if (dict && src) {
      pairs = src.k === 'dict' ? [...src.map.values()] : I.iterate(src)?.map(asPair) ?? null;
    }
    const params = mod.layerType === 'ParameterDict';
    if (!pairs || pairs.some(([k, v]) => k.k !== 'str' || !(params ? v.k === 'tensor' : v.k === 'instance' && v.mod))) {
      mod.unknownParams.push('update() not known statically');
      return unknown('update() not known statically', s.span);
    }
    for (const [k, v] of pairs) {
      if (params) {
        addParamItem(mod, (k as { v: string }).v, v);
      } else {
        slotMap(mod, 'modules').set((k as { v: string }).v, v as InstanceV);
      }
    }
    return NONE;
  });
}

function registryCopy(c: MethodCtx): Value | undefined {
  const { inst, mod, name } = c;
  // A copy of the registry for reading (len(inst._modules), .values()); a change made
  // through it makes the totals unknown (touchDict), except x._modules['fc'] = layer,
  // which the interpreter handles as setattr.
  const slot = name === '_modules' ? 'modules' : name === '_parameters' ? 'params' : 'buffers';
  const map = new Map<string, [Value, Value]>();
  mod[slot].forEach((v, k) => map.set('s' + k, [str(k), v ?? NONE]));
  return { k: 'dict', map, registryOf: inst, registrySlot: slot };
}

function getattrMethod(c: MethodCtx): Value | undefined {
  const { I, inst } = c;
  // inst.__getattr__('level_%d' % i): getattr.
  return b('__getattr__', (a, _kw, s) => (a[0] && a[0].k === 'str' ? I.getAttr(inst, a[0].v) : unknown('__getattr__() with a name not known statically', s.span)));
}

function setattrMethod(c: MethodCtx): Value | undefined {
  const { I, inst } = c;
  // inst.__setattr__('level_%d' % i, layer) / super().__setattr__(...): setattr.
  return b('__setattr__', a => setAttrCall(I, inst, a[0], a[1]));
}

function iadd(c: MethodCtx): Value | undefined {
  const { I, host, inst, mod } = c;
  // ModuleList/ParameterList += iterable (extend); Sequential += Sequential (append each).
  if (mod.layerType === 'ModuleList' || mod.layerType === 'ParameterList') {
    return b('__iadd__', (a, kw, s) => I.callValue(host.instanceAttr(I, inst, 'extend', s) as Value, a, kw, s));
  }
  if (mod.layerType === 'Sequential') {
    return b('__iadd__', a => {
      const other = a[0];
      if (isModuleInstance(other) && other.mod.layerType === 'Sequential') {
        for (const m of [...other.mod.modules.values()]) {
          slotMap(mod, 'modules').set(String(mod.modules.size), m);
        }
      } else {
        mod.unknownParams.push('+= of a value not known statically');
      }
      return inst;
    });
  }
  return undefined;
}

function add(c: MethodCtx): Value | undefined {
  const { I, inst, mod } = c;
  // ModuleList + iterable of modules, Sequential + Sequential: a new container, renumbered.
  if (mod.layerType === 'ModuleList' || mod.layerType === 'Sequential') {
    return b('__add__', (a, _kw, s) => {
      const other = a[0];
      const items = mod.layerType === 'Sequential'
        ? isModuleInstance(other) && other.mod.layerType === 'Sequential' ? [...other.mod.modules.values()] : null
        : other ? I.iterate(other) : null;
      I.noteModule();
      const out: InstanceV = { k: 'instance', cls: inst.cls, attrs: new Map(), id: freshId(), span: s.span };
      const om = ensureMod(out);
      om.layerType = mod.layerType;
      for (const m of [...mod.modules.values(), ...(items ?? [])] as Array<Value | null>) {
        slotMap(om, 'modules').set(String(om.modules.size), m && isModuleInstance(m) ? m : null);
        if (!m || !isModuleInstance(m)) {
          om.unknownParams.push('+ of a value not known statically');
        }
      }
      if (!items) {
        om.unknownParams.push('+ of a value not known statically');
      }
      return out;
    });
  }
  return undefined;
}

function setSubmodule(c: MethodCtx): Value | undefined {
  const { I, inst, mod } = c;
  // model.set_submodule('classifier.6', nn.Linear(...)): setattr on the parent module.
  return b('set_submodule', (a, _kw, s) => {
    const path = a[0] && a[0].k === 'str' ? a[0].v.split('.') : null;
    const value = a[1];
    let parent: Value = inst;
    for (const part of path ? path.slice(0, -1) : []) {
      parent = I.getAttr(parent, part);
    }
    if (!path || !value || !isModuleInstance(parent) || !(parent.mod.modules.has(path[path.length - 1]))) {
      mod.unknownParams.push('set_submodule() not known statically');
      return unknown('set_submodule() not known statically', s.span);
    }
    I.setAttr(parent, path[path.length - 1], value);
    return NONE;
  });
}

function getSubmodule(c: MethodCtx): Value | undefined {
  const { inst } = c;
  return b('get_submodule', a => {
    const path = a[0] && a[0].k === 'str' ? a[0].v : null;
    if (path === null) {
      return unknown('get_submodule()');
    }
    const found = namedModules(inst).find(([p]) => p === path);
    return found ? found[1] : unknown(`no submodule '${path}'`);
  });
}

/** nn.Module's methods and attributes that ArchLens models, by name (containers' own included). */
export const MODULE_METHODS: ReadonlyMap<string, Method> = new Map<string, Method>([
  ['parameters', tensorsMethod],
  ['named_parameters', tensorsMethod],
  ['buffers', tensorsMethod],
  ['named_buffers', tensorsMethod],
  ['children', children],
  ['named_children', namedChildren],
  ['modules', modules],
  ['named_modules', namedModulesMethod],
  ['eval', trainMode],
  ['train', trainMode],
  ['to', keepSelf],
  ['cuda', keepSelf],
  ['cpu', keepSelf],
  ['float', keepSelf],
  ['double', keepSelf],
  ['half', keepSelf],
  ['bfloat16', keepSelf],
  ['type', keepSelf],
  ['share_memory', keepSelf],
  ['requires_grad_', requiresGrad],
  ['zero_grad', zeroGrad],
  ['apply', apply],
  ['add_module', addModule],
  ['register_module', addModule],
  ['register_buffer', registerBuffer],
  ['register_parameter', registerParameter],
  ['forward', forward],
  ['__deepcopy__', deepcopyMethod],
  ['state_dict', stateDict],
  ['load_state_dict', notFollowed],
  ['extra_repr', notFollowed],
  ['register_forward_hook', notFollowed],
  ['register_forward_pre_hook', notFollowed],
  ['register_full_backward_hook', notFollowed],
  ['training', training],
  ['append', append],
  ['extend', extend],
  ['insert', insert],
  ['keys', keys],
  ['values', values],
  ['items', items],
  ['pop', pop],
  ['__delitem__', delItem],
  ['update', update],
  ['_modules', registryCopy],
  ['_parameters', registryCopy],
  ['_buffers', registryCopy],
  ['__getattr__', getattrMethod],
  ['__setattr__', setattrMethod],
  ['__iadd__', iadd],
  ['__add__', add],
  ['set_submodule', setSubmodule],
  ['get_submodule', getSubmodule]
]);

/** torch.nn.utils.spectral_norm / weight_norm and their parametrizations versions. */
/** A list-like container's submodules set to `items`, keyed '0', '1', ... as torch renumbers them. */
function renumber(mod: ModuleState, items: Array<InstanceV | null>): void {
  mod.modules.clear();
  const slots = slotMap(mod, 'modules');
  items.forEach((x, j) => slots.set(String(j), x));
}

/** setattr(obj, name, value) for the explicit __setattr__ spellings. */
export function setAttrCall(I: Interp, obj: Value | undefined, name: Value | undefined, value: Value | undefined): Value {
  if (!obj || !name || name.k !== 'str' || !value) {
    if (obj && isModuleInstance(obj)) {
      obj.mod.unknownParams.push('__setattr__() with a name not known statically');
    }
    return unknown('__setattr__() not known statically');
  }
  I.setAttr(obj, name.v, value);
  return NONE;
}
