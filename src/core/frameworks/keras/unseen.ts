// What code the analyzer cannot see may have done to Keras layers (the soundness rule,
// interp/opaque.ts; docs/soundness.md): layers (and the layers that made tensors) handed to
// unseen code are "escaped", and `.trainable` set on an unseen value may be set on any of
// them; a model whose layer set is not known may hold any layer downstream of its inputs, so
// freezing it (or a layer got from it) leaves all of those unknown; a loop not followed over
// part of a model's layers may have frozen each of them.
// Does not: decide what is opaque (opaque.ts) or make totals unknown (models.ts reads the marks).
import type { Interp } from '../../interp/context';
import type { ForStmt, QuietEval } from '../../interp/host';
import { loopCandidates, setsTrainable } from '../../interp/opaque';
import type { TensorV, Value } from '../../interp/values';
import type { KerasHost } from './host';
import { childLayers, KLayer } from './state';
import { hasUnknownLeaf } from './values';

/** Why the layers of model K are not all known statically (null when they are). */
export function layerSetUnknown(K: KLayer): string | null {
  if (K.inst?.mod?.changedUnseen) {
    return K.inst.mod.changedUnseen;
  }
  if (K.kind === 'functional' && ((K.outputsV && hasUnknownLeaf(K.outputsV)) || (K.inputsV && hasUnknownLeaf(K.inputsV)) || (K.ops?.length === 0 && K.unknown.length > 0))) {
    return 'its inputs or outputs are not known statically';
  }
  const fed = K.kind === 'functional' ? K.ops?.find(o => o.fedUnknown) : undefined;
  if (fed) {
    return fed.fedUnknown as string;
  }
  if (K.kind === 'sequential' && (K.seqGap !== undefined || K.unknown.some(r => r.startsWith('the layer list')))) {
    return 'a layer added to it is not known statically';
  }
  for (const r of K.unknownAttrs?.values() ?? []) {
    return r;
  }
  return null;
}

/**
 * The trainable flags of every layer that may belong to K (its known layers, and for a
 * functional model every layer downstream of its inputs) are no longer known.
 */
export function trainableMayChange(host: KerasHost, K: KLayer, why: string): void {
  const mark = new Set<KLayer>([K, ...childLayers(K, host.tracked)]);
  const reach = new Set<TensorV>(K.inputs ?? []);
  for (let changed = reach.size > 0; changed;) {
    changed = false;
    for (const L of host.created) {
      for (const node of L.nodes) {
        if (!node.isInput && node.inputs.some(t => reach.has(t)) && !node.outputs.every(t => reach.has(t))) {
          node.outputs.forEach(t => reach.add(t));
          mark.add(L);
          changed = true;
        }
      }
    }
  }
  for (const L of mark) {
    L.trainableUnknown = L.trainableUnknown ?? why;
  }
}

/** Layers handed to unseen code, and the layers that made the tensors handed to it, are escaped. */
export function onHandedToUnseen(host: KerasHost, values: Value[]): void {
  const stack: TensorV[] = [];
  const visit = (v: Value, depth: number): void => {
    if (v.k === 'tensor') {
      stack.push(v);
    } else if (v.k === 'instance') {
      const K = host.layer(v);
      if (K) {
        // It may have been built, changed or frozen there (its totals: opaque.changedUnseen).
        for (const L of [K, ...childLayers(K, host.tracked)]) {
          host.escaped.add(L);
        }
      }
    } else if (depth < 3 && (v.k === 'list' || v.k === 'tuple')) {
      v.items.forEach(x => visit(x, depth + 1));
    } else if (depth < 3 && v.k === 'dict') {
      v.map.forEach(([, x]) => visit(x, depth + 1));
    }
  };
  values.forEach(v => visit(v, 0));
  // The layers that made a tensor can be reached from it (its Keras history).
  const seen = new Set<TensorV>();
  while (stack.length > 0) {
    const t = stack.pop() as TensorV;
    if (seen.has(t)) {
      continue;
    }
    seen.add(t);
    const node = host.tensorInfo(t)?.node;
    if (node) {
      host.escaped.add(node.op);
      stack.push(...node.inputs);
    }
  }
}

/** `.trainable` set on a value that cannot be seen: it may be any escaped layer. */
export function onUnseenFlagWrite(host: KerasHost, name: string, why: string): void {
  if (name !== 'trainable') {
    return;
  }
  for (const L of host.escaped) {
    L.trainableUnknown = L.trainableUnknown ?? why;
  }
}

/**
 * `for layer in model.layers[:n]: layer.trainable = False` in code that could not be
 * followed: each layer the loop may have reached may be frozen or not.
 */
export function havocLoop(host: KerasHost, I: Interp, st: ForStmt, quiet: QuietEval): void {
  void I;
  if (!setsTrainable(st.body)) {
    return;
  }
  for (const v of loopCandidates(st.iter, quiet)) {
    const K = v.k === 'instance' ? host.layer(v) : undefined;
    if (!K) {
      continue;
    }
    const why = `${K.name}.trainable may have been set in code not followed (a loop over values not known statically)`;
    for (const L of [K, ...childLayers(K, host.tracked)]) {
      L.trainableUnknown = L.trainableUnknown ?? why;
    }
  }
}
