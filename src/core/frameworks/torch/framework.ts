// PyTorch as a framework plug-in: a torch host per analysis, and its models (nn.Module
// instances and classes found in the final state) built into IR with ir/build.ts.
// Does not: implement anything itself (host.ts, ../../ir/build.ts).
import type { ModelIR } from '../../ir';
import { buildModel, findModels, shapeOf } from '../../ir/build';
import { NO_CELL } from '../../incremental/flow';
import type { Framework, FrameworkSession } from '../framework';
import { LIBRARY_FILES } from './library/torchvision';
import { TorchHost } from './host';

export const TORCH: Framework = {
  id: 'torch',
  modelKind: 'pytorch',
  // Tensors are not tracked one by one: those no other framework made are torch's.
  claimsUntrackedTensors: true,
  library: LIBRARY_FILES,
  createSession(): FrameworkSession {
    const host = new TorchHost();
    host.irShape = shapeOf;
    return {
      host,
      extract(I, options): ModelIR[] {
        return findModels(I)
          .filter(f => (f.inst ? f.inst.cls.framework : f.cls?.framework) === 'torch')
          .map(f => {
            // Globals read while building (a forward run now) count for the model's cell.
            I.flow.building = f.span?.cell ?? NO_CELL;
            try {
              return buildModel(I, host, f, options);
            } finally {
              I.flow.building = NO_CELL;
            }
          });
      }
    };
  }
};
