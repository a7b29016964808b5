// The values a model's numbers were computed with that did not come from the notebook: symbol
// values and an input shape the user gave (panel form, CLI options). Every export states them,
// so a shared summary never passes a typed-in class count off as the notebook's.
// Does not: escape (each exporter escapes the text for its format).
import type { ModelIR } from '../ir';
import { formatShape } from './format';

/** "num_classes = 3, input shape [2, 3, 32, 32]", or null when nothing was given. */
export function givenText(model: ModelIR): string | null {
  const parts = (model.givenSymbols ?? []).map(([name, value]) => `${name} = ${value}`);
  if (model.input?.source === 'user' && model.input.shape) {
    parts.push(`input shape ${formatShape(model.input.shape)}`);
  }
  // one line whatever the names hold
  return parts.length ? parts.join(', ').replace(/\s+/g, ' ') : null;
}

/** The label exports put before givenText. */
export const GIVEN_LABEL = 'Values given in ArchLens, not from the notebook';
