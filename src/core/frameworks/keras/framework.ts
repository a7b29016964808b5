// Keras (keras, tf.keras, tf_keras) as a framework plug-in: a Keras host per analysis, held to
// the maxModules budget, whose tensors it tracks, and its models extracted as model.summary()
// reports them (extract.ts).
// Does not: implement anything itself (host.ts, extract.ts).
import type { Framework, FrameworkSession } from '../framework';
import { extractKerasModels } from './extract';
import { KerasHost } from './host';
import { LIBRARY_FILES } from './library/applications';

export const KERAS: Framework = {
  id: 'keras',
  modelKind: 'keras',
  library: LIBRARY_FILES,
  createSession(budgets): FrameworkSession {
    const host = new KerasHost();
    host.layerBudget = budgets.maxModules;
    return {
      host,
      ownsTensor: t => host.ownsTensor(t),
      extract: (I, options) => extractKerasModels(I, host, options.deadline)
    };
  }
};
