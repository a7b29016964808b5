// When the graph view refits itself after its canvas changes size. The panel is laid out in
// steps, so the first automatic fit can run while the canvas is briefly only a few dozen pixels
// tall; the real size arrives later through a ResizeObserver. Until the user does anything in
// the graph, any new size refits (so the first fit always ends at the real size); after a
// click or key, only a new width does (a details pane opening below must not move what is
// under the pointer); after a pan or zoom of the user's own, nothing does.
// Does not: compute the fit transform, observe sizes or touch the DOM (graph.ts).

export interface FitState {
  /** A fit was asked for while the canvas had no size. */
  pending: boolean;
  /** The view was fitted automatically and the user has not panned or zoomed since. */
  auto: boolean;
  /** Nor clicked, selected or pressed a key in the graph since that fit. */
  untouched: boolean;
  /** The canvas size of that fit (px). */
  width: number;
  height: number;
}

/** Whether the canvas, now `width` x `height` px, should be fitted again. */
export function refitOnResize(state: FitState, width: number, height: number): boolean {
  if (width <= 0 || height <= 0) {
    return false;
  }
  if (state.pending) {
    return true;
  }
  if (!state.auto) {
    return false;
  }
  return width !== state.width || (state.untouched && height !== state.height);
}
