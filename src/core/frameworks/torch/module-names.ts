// The attribute names every torch.nn.Module instance has (PyTorch 2.x `dir(nn.Module())`:
// methods, hook tables, registries), as data: a name outside this list that an instance, its
// class and its registries do not hold is one that `getattr(model, name, default)` answers
// with the default.
// Does not: model any of these attributes (methods.ts does what is modelled).

const NAMES = [
  'T_destination', 'add_module', 'apply', 'bfloat16', 'buffers', 'call_super_init', 'children', 'compile', 'cpu', 'cuda',
  'double', 'dump_patches', 'eval', 'extra_repr', 'float', 'forward', 'get_buffer', 'get_extra_state', 'get_parameter',
  'get_submodule', 'half', 'ipu', 'load_state_dict', 'modules', 'mtia', 'named_buffers', 'named_children', 'named_modules',
  'named_parameters', 'parameters', 'register_backward_hook', 'register_buffer', 'register_forward_hook',
  'register_forward_pre_hook', 'register_full_backward_hook', 'register_full_backward_pre_hook',
  'register_load_state_dict_post_hook', 'register_load_state_dict_pre_hook', 'register_module', 'register_parameter',
  'register_state_dict_post_hook', 'register_state_dict_pre_hook', 'requires_grad_', 'set_extra_state', 'set_submodule',
  'share_memory', 'state_dict', 'to', 'to_empty', 'train', 'training', 'type', 'xpu', 'zero_grad'
];

const NAME_SET = new Set(NAMES);

/**
 * Whether `name` may be an attribute of every nn.Module: listed, a dunder, or private with
 * nn.Module's own prefixes (its hook tables and helpers: `_forward_hooks`, `_apply`, ...).
 */
export function isModuleOwnName(name: string): boolean {
  return NAME_SET.has(name) || name.startsWith('__') ||
    /^_(apply|backward|buffers|call|compiled|forward|get|is_full_backward_hook|load|maybe|modules|named|non_persistent|parameters|register|replicate|save|slow|state_dict|version|wrapped)/.test(name);
}
