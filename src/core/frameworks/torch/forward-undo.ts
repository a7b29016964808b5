// A forward pass the notebook never ran (a model never called gets a symbolic input for its
// shapes, extract.ts) must not change what the model holds: what its forward code assigns or
// poisons (attributes set under conditions not known statically, caches, submodules made in
// forward) never happened in Python. This takes the state of every module of a model before
// such a pass and puts it back afterwards; the shapes and the trace the pass recorded stay.
// Does not: undo a forward the notebook runs (its effects are real), or touch tensors.
import type { InstanceV, TensorV, Value } from '../../interp/values';

interface Saved {
  inst: InstanceV;
  attrs: Map<string, Value>;
  modules?: Map<string, InstanceV | null>;
  params?: Map<string, TensorV | null>;
  buffers?: Map<string, TensorV | null>;
  unknownParams?: string[];
  unknownAttrs?: Map<string, string>;
  changedUnseen?: string;
  unknownBuffers?: boolean;
  training?: boolean;
  trainingKnown?: boolean;
}

/** The registries and attributes of each module given (the modules of one model). */
export function saveModules(mods: readonly InstanceV[]): Saved[] {
  return mods.map(inst => {
    const m = inst.mod;
    return {
      inst,
      attrs: new Map(inst.attrs),
      modules: m && new Map(m.modules),
      params: m && new Map(m.params),
      buffers: m && new Map(m.buffers),
      unknownParams: m && [...m.unknownParams],
      unknownAttrs: m?.unknownAttrs && new Map(m.unknownAttrs),
      changedUnseen: m?.changedUnseen,
      unknownBuffers: m?.unknownBuffers,
      training: m?.training,
      trainingKnown: m?.trainingKnown
    };
  });
}

/** Puts the saved state back (the objects stay the same; their contents are restored). */
export function restoreModules(saved: readonly Saved[]): void {
  for (const s of saved) {
    s.inst.attrs.clear();
    s.attrs.forEach((v, k) => s.inst.attrs.set(k, v));
    const m = s.inst.mod;
    if (!m) {
      continue;
    }
    const refill = <T>(target: Map<string, T>, from: Map<string, T> | undefined): void => {
      target.clear();
      from?.forEach((v, k) => target.set(k, v));
    };
    refill(m.modules, s.modules);
    refill(m.params, s.params);
    refill(m.buffers, s.buffers);
    m.unknownParams.length = 0;
    m.unknownParams.push(...(s.unknownParams ?? []));
    m.unknownAttrs = s.unknownAttrs;
    m.changedUnseen = s.changedUnseen;
    m.unknownBuffers = s.unknownBuffers;
    m.training = s.training;
    m.trainingKnown = s.trainingKnown;
  }
}
