// PyTorch as a framework plug-in: a torch host per analysis, and its models (nn.Module
// instances and classes found in the final state) built into IR by extract.ts.
// Does not: implement anything itself (host.ts, extract.ts).
import type { Framework, FrameworkSession } from '../framework';
import { extractTorchModels } from './extract';
import { TorchHost } from './host';
import { LIBRARY_FILES } from './library/torchvision';
import { LeafSignatures } from './model-build';

export const TORCH: Framework = {
  id: 'torch',
  modelKind: 'pytorch',
  // Tensors are not tracked one by one: those no other framework made are torch's.
  claimsUntrackedTensors: true,
  library: LIBRARY_FILES,
  createSession(): FrameworkSession {
    const host = new TorchHost();
    const leaves = new LeafSignatures();
    return { host, extract: (I, options) => extractTorchModels(I, host, options, leaves) };
  }
};
