// The graph's drawing window (src/lab/views/graph-window.ts): the part of a large drawing put
// in the DOM covers the view with a margin, and is redrawn only when a pan or zoom needs it.
import { EVERYTHING, intersects, nodeBox, pointsBox, serves, viewBox, windowFor } from '../../src/lab/views/graph-window';

describe('graph drawing window', () => {
  test('the view of a transform is the drawing under the canvas', () => {
    expect(viewBox({ k: 1, x: 0, y: 0 }, 300, 200)).toEqual({ x0: 0, y0: 0, x1: 300, y1: 200 });
    // zoomed in twice and panned 100 px up: drawing units half the pixels, 50 units down
    expect(viewBox({ k: 2, x: 0, y: -100 }, 300, 200)).toEqual({ x0: 0, y0: 50, x1: 150, y1: 150 });
  });

  test('the window keeps half a view on each side, so small pans draw nothing', () => {
    const view = viewBox({ k: 1, x: 0, y: 0 }, 300, 200);
    const win = windowFor(view);
    expect(win).toEqual({ x0: -150, y0: -100, x1: 450, y1: 300 });
    expect(serves(win, viewBox({ k: 1, x: -140, y: -90 }, 300, 200))).toBe(true);
    expect(serves(win, viewBox({ k: 1, x: -160, y: 0 }, 300, 200))).toBe(false);
  });

  test('zooming out past the window, or far in, needs a new window', () => {
    const win = windowFor(viewBox({ k: 1, x: 0, y: 0 }, 300, 200));
    expect(serves(win, viewBox({ k: 0.4, x: 0, y: 0 }, 300, 200))).toBe(false);
    expect(serves(win, viewBox({ k: 1.5, x: 0, y: 0 }, 300, 200))).toBe(true);
    expect(serves(win, viewBox({ k: 4, x: 0, y: 0 }, 300, 200))).toBe(false);
    expect(serves(null, viewBox({ k: 1, x: 0, y: 0 }, 300, 200))).toBe(false);
    expect(serves(EVERYTHING, viewBox({ k: 0.01, x: 0, y: 0 }, 300, 200))).toBe(true);
  });

  test('a node or an edge just outside the view is in the window; one far away is not', () => {
    const win = windowFor(viewBox({ k: 1, x: 0, y: 0 }, 300, 200));
    expect(intersects(nodeBox({ x: 150, y: 280, w: 100, h: 38 }), win)).toBe(true);
    expect(intersects(nodeBox({ x: 150, y: 400, w: 100, h: 38 }), win)).toBe(false);
    // an edge crossing the window with no point inside it is drawn
    expect(intersects(pointsBox([{ x: 100, y: -500 }, { x: 100, y: 900 }]), win)).toBe(true);
    expect(intersects(pointsBox([{ x: 100, y: 600 }, { x: 100, y: 700 }]), win)).toBe(false);
    expect(intersects(pointsBox([]), win)).toBe(false);
    expect(intersects(nodeBox({ x: 1e6, y: 1e6, w: 10, h: 10 }), EVERYTHING)).toBe(true);
  });
});
