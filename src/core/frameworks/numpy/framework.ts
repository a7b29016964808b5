// numpy as a plug-in: it makes no models; its arrays are the Keras host's concrete tensors.
// Does not: implement anything itself (host.ts).
import type { Framework, FrameworkSession } from '../framework';
import { NumpyHost } from './host';

export const NUMPY: Framework = {
  id: 'numpy',
  createSession(_budgets, session): FrameworkSession {
    // Arrays of data are concrete tensors of the Keras host (its op table mirrors numpy's).
    return { host: new NumpyHost(() => session('keras').host) };
  }
};
