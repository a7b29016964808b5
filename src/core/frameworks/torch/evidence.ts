// Input evidence from the tools a notebook hands a model and an example input to, each of
// which runs the model once on it: torch.jit.trace(model, x), torch.onnx.export(model, args,
// f), torch.export.export(model, args, kwargs), SummaryWriter(...).add_graph(model, x)
// (torch.utils.tensorboard and tensorboardX). Each is a call of the model on that input, as
// model(x) would be, so the model's shapes come from the notebook's own tensor.
// Does not: call the model itself (the host's `run` does, and only when it was not traced
// yet), model what the tools write (files, graphs), or know torchinfo (host.ts does).
import { BuiltinV, CallSite, NO_KWARGS, NONE, unknown, Value } from '../../interp/values';

/** Calls `model` on `args`/`kwargs` as its first traced call (a no-op when it was traced). */
export type RunOnExample = (model: Value | undefined, args: Value[], kwargs: Map<string, Value>, site: CallSite) => void;

/** Module paths whose attributes this file answers (after `import torch.onnx` etc.). */
export const EVIDENCE_MODULES = new Set(['torch.onnx', 'torch.export', 'torch.utils.tensorboard', 'tensorboardX']);

/** SummaryWriter methods other than add_graph: they only log, and return None. */
const WRITER_LOGGING = [
  'add_scalar', 'add_scalars', 'add_histogram', 'add_image', 'add_images', 'add_figure', 'add_text', 'add_audio', 'add_video',
  'add_embedding', 'add_pr_curve', 'add_hparams', 'add_mesh', 'add_custom_scalars', 'flush', 'close'
];

function builtin(name: string, fn: BuiltinV['fn']): BuiltinV {
  return { k: 'builtin', name, fn };
}

/**
 * The positional arguments an example stands for: a tensor is one argument; a tuple or list
 * of values is the argument list (torch.onnx.export, jit.trace and add_graph all spread it).
 * null when the example is not one of these (a dict, an unknown value): nothing is called.
 */
function spread(example: Value | undefined): Value[] | null {
  if (!example || example.k === 'none') {
    return null;
  }
  if (example.k === 'tensor') {
    return [example];
  }
  if ((example.k === 'tuple' || example.k === 'list') && example.items.every(v => v.k !== 'dict')) {
    return example.items;
  }
  return null;
}

/** A SummaryWriter: add_graph runs the model; the logging methods do nothing we model. */
function summaryWriter(lib: string, run: RunOnExample): Value {
  const attrs = new Map<string, Value>();
  attrs.set('add_graph', builtin(`${lib}.SummaryWriter.add_graph`, (a, kw, site) => {
    const args = spread(a[1] ?? kw.get('input_to_model'));
    if (args) {
      run(a[0] ?? kw.get('model'), args, NO_KWARGS, site);
    }
    return NONE;
  }));
  for (const m of WRITER_LOGGING) {
    attrs.set(m, builtin(`${lib}.SummaryWriter.${m}`, () => NONE));
  }
  const writer: BuiltinV = { k: 'builtin', name: `${lib}.SummaryWriter()`, fn: (_a, _kw, site) => unknown('calling a SummaryWriter', site.span), attrs };
  return writer;
}

/**
 * The value of `path.name` for the evidence tools, or undefined when this file does not know
 * it (the host then answers as before).
 */
export function evidenceAttr(path: string, name: string, run: RunOnExample): Value | undefined {
  if (path === 'torch.jit' && name === 'trace') {
    // The traced module has the same parameters: it is returned as the module itself.
    return builtin('torch.jit.trace', (a, kw, site) => {
      const model = a[0] ?? kw.get('func');
      const args = spread(a[1] ?? kw.get('example_inputs'));
      if (args) {
        run(model, args, NO_KWARGS, site);
      }
      return model ?? NONE;
    });
  }
  if (path === 'torch.onnx' && name === 'export') {
    return builtin('torch.onnx.export', (a, kw, site) => {
      const args = spread(a[1] ?? kw.get('args'));
      if (args) {
        run(a[0] ?? kw.get('model'), args, NO_KWARGS, site);
      }
      return unknown('torch.onnx.export() writes a file', site.span);
    });
  }
  if (path === 'torch.export' && name === 'export') {
    return builtin('torch.export.export', (a, kw, site) => {
      const argsV = a[1] ?? kw.get('args');
      const kwargsV = a[2] ?? kw.get('kwargs');
      const args = argsV && (argsV.k === 'tuple' || argsV.k === 'list') ? argsV.items : null;
      let kwargs = NO_KWARGS;
      if (kwargsV && kwargsV.k === 'dict') {
        kwargs = new Map();
        for (const [key, [k, v]] of kwargsV.map) {
          if (k.k !== 'str') {
            return unknown('torch.export.export() with kwargs not known statically', site.span);
          }
          void key;
          kwargs.set(k.v, v);
        }
      } else if (kwargsV && kwargsV.k !== 'none') {
        return unknown('torch.export.export() with kwargs not known statically', site.span);
      }
      if (args) {
        run(a[0] ?? kw.get('mod'), args, kwargs, site);
      }
      return unknown('an ExportedProgram is not modelled', site.span);
    });
  }
  if ((path === 'torch.utils.tensorboard' || path === 'tensorboardX') && name === 'SummaryWriter') {
    return builtin(`${path}.SummaryWriter`, () => summaryWriter(path, run));
  }
  return undefined;
}
