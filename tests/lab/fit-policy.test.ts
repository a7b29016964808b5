// When the graph view refits after a resize (src/lab/views/fit-policy.ts): the first fit,
// possibly run at a passing size while the panel is laid out, is redone at the real size;
// a user's own pan or zoom is never overridden.
import { FitState, refitOnResize } from '../../src/lab/views/fit-policy';

const fitted = (over: Partial<FitState> = {}): FitState => ({ pending: false, auto: true, untouched: true, width: 250, height: 65, ...over });

describe('graph refit on resize', () => {
  test('a first fit made while the panel was 65 px tall is redone at its real height', () => {
    expect(refitOnResize(fitted(), 250, 580)).toBe(true);
  });

  test('a fit asked for while the canvas had no size runs once it has one', () => {
    const pending = fitted({ pending: true, auto: false, untouched: false, width: 0, height: 0 });
    expect(refitOnResize(pending, 250, 580)).toBe(true);
    expect(refitOnResize(pending, 250, 0)).toBe(false);
    expect(refitOnResize(pending, 0, 580)).toBe(false);
  });

  test("a user's pan or zoom is kept whatever the new size", () => {
    const panned = fitted({ auto: false, untouched: false });
    expect(refitOnResize(panned, 250, 580)).toBe(false);
    expect(refitOnResize(panned, 400, 580)).toBe(false);
  });

  test('after a click or selection only a new width refits (a details pane below keeps the view)', () => {
    const clicked = fitted({ untouched: false, height: 580 });
    expect(refitOnResize(clicked, 250, 300)).toBe(false);
    expect(refitOnResize(clicked, 400, 300)).toBe(true);
  });

  test('the same size does not refit', () => {
    expect(refitOnResize(fitted({ height: 580 }), 250, 580)).toBe(false);
  });
});
