// Layout Web Worker: runs dagre off the main thread so a 1,000-node graph never freezes
// JupyterLab. It receives sizes and opaque ids only, never notebook text.
import { layoutGraph } from './layout';
import type { LayoutRequest, LayoutResponse } from './protocol';

const ctx = self as unknown as {
  postMessage(message: LayoutResponse): void;
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
};

ctx.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const request = event.data;
  if (!request || request.type !== 'layout') {
    return;
  }
  try {
    ctx.postMessage({ type: 'result', id: request.id, output: layoutGraph(request.input) });
  } catch (error) {
    ctx.postMessage({ type: 'error', id: request.id, message: String((error as Error)?.message ?? error) });
  }
};
