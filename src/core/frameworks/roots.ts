// Every top-level module name ArchLens knows something about, in one table: which framework
// answers imports under it (null: the interpreter's standard library, or a library read as
// Python source, or one only ever called), and what the incremental analysis may assume about
// it. The dispatcher routes module paths with it; the analyzer gives incremental/deps.ts the
// inert and notebook-wide roots from it.
// Does not: resolve anything itself (dispatch.ts, the interpreter's imports).

export interface RootInfo {
  /** Id of the framework whose host answers this root (registry.ts), or null. */
  framework: string | null;
  /** Its modules hold no state a notebook reaches except by writing through them. */
  inert?: true;
  /** The framework numbers things across the whole notebook (Keras' auto layer names). */
  notebookWide?: true;
}

const torch = (inert?: true): RootInfo => (inert ? { framework: 'torch', inert } : { framework: 'torch' });
const keras: RootInfo = { framework: 'keras', inert: true, notebookWide: true };
const inertOnly: RootInfo = { framework: null, inert: true };

export const MODULE_ROOTS: ReadonlyMap<string, RootInfo> = new Map<string, RootInfo>([
  ['torch', torch(true)],
  ['einops', torch(true)],
  ['torchsummary', torch()],
  ['torchinfo', torch()],
  // TensorBoard's SummaryWriter outside torch (add_graph runs the model: frameworks/torch/evidence.ts).
  ['tensorboardX', torch(true)],
  // PyTorch Lightning (`import lightning as L`, `pytorch_lightning as pl`).
  ['lightning', torch()],
  ['pytorch_lightning', torch()],
  // Read as Python source (frameworks/torch/library).
  ['torchvision', inertOnly],
  ['keras', keras],
  ['tensorflow', keras],
  ['tf_keras', keras],
  ['numpy', { framework: 'numpy', inert: true }],
  // Libraries notebooks use around models; calls into them are not followed.
  ['matplotlib', inertOnly],
  ['pandas', inertOnly],
  ['seaborn', inertOnly],
  ['tqdm', inertOnly],
  // Standard library (the interpreter's own).
  ['math', inertOnly],
  ['functools', inertOnly],
  ['collections', inertOnly],
  ['typing', inertOnly],
  ['dataclasses', inertOnly],
  ['itertools', inertOnly],
  ['copy', inertOnly],
  ['operator', inertOnly],
  ['enum', inertOnly],
  ['abc', inertOnly],
  ['warnings', inertOnly],
  ['time', inertOnly],
  ['json', inertOnly],
  ['re', inertOnly],
  ['string', inertOnly],
  ['__future__', inertOnly]
]);

/** The root of a dotted module path ('torch' for 'torch.nn.functional'). */
export function rootOf(path: string): string {
  const dot = path.indexOf('.');
  return dot < 0 ? path : path.slice(0, dot);
}

/** Roots whose modules are inert, and roots of frameworks that number things notebook-wide. */
export function rootRules(): { inert: ReadonlySet<string>; notebookWide: ReadonlySet<string> } {
  const inert = new Set<string>();
  const notebookWide = new Set<string>();
  for (const [root, info] of MODULE_ROOTS) {
    if (info.inert) {
      inert.add(root);
    }
    if (info.notebookWide) {
      notebookWide.add(root);
    }
  }
  return { inert, notebookWide };
}
