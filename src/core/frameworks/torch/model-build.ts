// The state of building one PyTorch model's IR, made per model and dropped with it: the module
// tree as named_modules() gives it (taken once, re-read only after a forward that may have
// added modules), numel per tensor (tensors are counted under every ancestor), whether the
// tree is a real tree (nothing shared), the build's deadline, and the cache of leaf-layer
// signatures its session keeps across models.
// Does not: build anything itself (extract.ts, layers.ts, totals.ts do).
import { Poly, polyConst, polyConstValue } from '../../interp/poly';
import type { Dims, InstanceV, TensorV } from '../../interp/values';
import type { BuildDeadline } from '../../ir/deadline';
import { structuralHash } from '../../ir/signature';
import { Sum } from '../../ir/sum';
import { moduleList, namedModules, numel } from './module';

/** The rows of named_modules(), and the path of each module in them (modules appear once). */
interface Tree {
  rows: Array<[string, InstanceV]>;
  paths: Map<InstanceV, string>;
  forwards: number;
}

/** Signatures of leaf layers by constructor signature (the same Linear(...) recurs in every block and model). */
export class LeafSignatures {
  private readonly hashes = new Map<string, string>();

  of(ctorSig: string): string {
    let h = this.hashes.get(ctorSig);
    if (h === undefined) {
      h = 's' + structuralHash([ctorSig]);
      if (this.hashes.size >= 10000) {
        this.hashes.clear();
      }
      this.hashes.set(ctorSig, h);
    }
    return h;
  }
}

export class ModelBuild {
  /** named_modules() of a root, computed once per build (see modulesIfChanged). */
  private readonly trees = new WeakMap<InstanceV, Tree>();
  /** Forwards run in this build (a forward may add modules, so a tree taken before it may be stale). */
  forwards = 0;
  /** numel per tensor; a plain Map (faster than a WeakMap), started again by subtreeAggregates. */
  numels = new Map<TensorV, Poly | null>();
  /**
   * Set by subtreeAggregates: the model's module tree is a real tree (no module in two places,
   * no tensor in two slots, the root inside nothing), so no tensor is shared.
   */
  realTree = false;

  constructor(
    private readonly deadline: BuildDeadline,
    readonly leafSignatures: LeafSignatures
  ) {}

  /** One unit of build work (see BuildDeadline). */
  tick(): void {
    this.deadline.tick();
  }

  private treeOf(root: InstanceV): Tree {
    let t = this.trees.get(root);
    if (!t) {
      const paths = new Map<InstanceV, string>();
      t = { rows: namedModules(root, '', paths), paths, forwards: this.forwards };
      this.trees.set(root, t);
    }
    return t;
  }

  /** The rows of named_modules() of `root`, as they were when first asked for in this build. */
  tree(root: InstanceV): Array<[string, InstanceV]> {
    return this.treeOf(root).rows;
  }

  /** Path of each module in tree(root). */
  pathsOf(root: InstanceV): Map<InstanceV, string> {
    return this.treeOf(root).paths;
  }

  /**
   * The modules of named_modules() as they are now, or null when that is still tree(root)
   * (no forward has run since it was taken). Same order as named_modules(), without paths.
   */
  modulesIfChanged(root: InstanceV): InstanceV[] | null {
    const t = this.trees.get(root);
    if (t && t.forwards === this.forwards) {
      return null;
    }
    return moduleList(root);
  }

  numelOf(t: TensorV): Poly | null {
    let n = this.numels.get(t);
    if (n === undefined) {
      n = constNumel(t.shape) ?? numel(t.shape);
      this.numels.set(t, n);
    }
    return n;
  }

  /** Sum of numels; null when some shape is unknown. */
  total(tensors: TensorV[]): Poly | null {
    const s = new Sum();
    for (const t of tensors) {
      this.tick();
      s.add(this.numelOf(t));
      if (s.unknown) {
        return null;
      }
    }
    return s.poly();
  }
}

/** numel() of a shape of constant dims (the usual case) in one step; undefined otherwise. */
function constNumel(shape: Dims): Poly | undefined {
  if (!shape) {
    return undefined;
  }
  let n = 1n;
  for (const d of shape) {
    const c = d ? polyConstValue(d) : null;
    if (c === null) {
      return undefined;
    }
    n *= c;
  }
  return polyConst(n);
}
