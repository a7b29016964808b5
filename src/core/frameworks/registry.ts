// The registered frameworks, in the order their models are listed, and the sessions of one
// analysis: each framework's session, made once, plus the dispatcher the interpreter talks to.
// Adding a framework: a directory with its Framework object, a line here, its roots in roots.ts.
// Does not: know what any framework does.
import type { Budgets } from '../interp/budgets';
import { FrameworkDispatch } from './dispatch';
import type { Framework, FrameworkSession } from './framework';
import { KERAS } from './keras/framework';
import { NUMPY } from './numpy/framework';
import { TORCH } from './torch/framework';

export const FRAMEWORKS: readonly Framework[] = [TORCH, KERAS, NUMPY];

/** Every library file the frameworks describe as Python source, by import path. */
export const LIBRARY_FILES: ReadonlyMap<string, string> = new Map(FRAMEWORKS.flatMap(f => [...(f.library ?? [])]));

export interface Sessions {
  /** Sessions in registry order. */
  readonly list: ReadonlyArray<{ framework: Framework; session: FrameworkSession }>;
  /** What the interpreter talks to. */
  readonly host: FrameworkDispatch;
}

/** The frameworks' sessions for one analysis. */
export function createSessions(budgets: Budgets): Sessions {
  const made = new Map<string, FrameworkSession>();
  const session = (id: string): FrameworkSession => {
    let s = made.get(id);
    if (!s) {
      const f = FRAMEWORKS.find(x => x.id === id);
      if (!f) {
        throw new Error(`no framework '${id}' is registered`);
      }
      s = f.createSession(budgets, session);
      made.set(id, s);
    }
    return s;
  };
  const list = FRAMEWORKS.map(framework => ({ framework, session: session(framework.id) }));
  const untracked = FRAMEWORKS.find(f => f.claimsUntrackedTensors)?.id ?? '';
  return { list, host: new FrameworkDispatch(list.map(x => [x.framework.id, x.session]), untracked) };
}
