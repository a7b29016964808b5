// Model packages whose submodules are imported only when something needs them, as a table.
// timm.models and torchvision.models import every model file (timm: 112 files, 3.9 MB) so
// that each registers its builders in a registry; a notebook uses one or two. A `from .x
// import *` of such a package is deferred when x's text shows that importing it only defines
// names and registers builders (env/deferred-scan.ts); x is imported when one of its names
// is looked up in the package, when the registry is asked about a name x registers, or — for
// any other question to the registry — together with every other deferred file
// (interp/deferred-imports.ts). What the notebook sees is what importing everything gives.
// Does not: scan files (deferred-scan.ts) or run anything (the interpreter does).
import type { DeferredPackage } from '../interp/context';

/**
 * Module-level lines a timm file may have besides definitions: decorators and calls that only
 * mark functions for torch.fx (their sets are read by timm.layers._fx, a registry below).
 */
const TIMM_INERT = {
  inertDecorators: ['dataclass', 'register_notrace_module', 'register_notrace_function', 'torch.jit.unused', 'torch.no_grad', 'torch.jit.script', 'torch.fx.wrap'],
  inertCalls: ['torch.fx.wrap', 'register_notrace_module', 'register_notrace_function']
};

/** A package of plain definitions (layers, data helpers): names imported when first used. */
function plainPackage(pkg: string, inert: { inertDecorators: string[]; inertCalls: string[] }): DeferredPackage {
  return { package: pkg, decorators: [], decoratorExports: false, deprecations: [], registerCalls: [], ...inert, registries: [] };
}

export const DEFERRED_PACKAGES: readonly DeferredPackage[] = [
  {
    package: 'timm.models',
    decorators: ['register_model'],
    // register_model adds the builder's name to its module's __all__ (star imports bind it).
    decoratorExports: true,
    deprecations: ['register_model_deprecations'],
    // Block types of ByobNet (mobilevit.py adds its own).
    registerCalls: ['register_block'],
    ...TIMM_INERT,
    registries: [
      {
        module: 'timm.models._registry',
        // Functions that only add to the registry (or compute without reading it).
        registering: ['register_model', 'register_model_deprecations', 'generate_default_cfgs', 'split_model_name_tag', 'get_arch_name', '_natural_key', '_expand_filter', '_to_str_list', '_deprecated_model_shim', '_clear_model_entries'],
        // Questions about one name (the argument at this index); a tag after '.' is dropped.
        keyed: { is_model: 0, model_entrypoint: 0, get_pretrained_cfg: 0, get_pretrained_cfg_value: 0, is_model_pretrained: 0, get_arch_pretrained_cfgs: 0 },
        key: 'before-dot',
        containers: ['_module_to_models', '_model_to_module', '_model_entrypoints', '_model_has_pretrained', '_model_default_cfgs', '_model_pretrained_cfgs', '_model_with_tags', '_module_to_deprecated_models', '_deprecated_models']
      },
      {
        // ByobNet's block types: only create_block reads them.
        module: 'timm.models.byobnet',
        registering: ['register_block'],
        keyed: { create_block: 0 },
        key: 'whole',
        containers: ['_block_registry'],
        onlyKeyed: true
      },
      {
        // Sets of modules and functions torch.fx must not trace, filled by decorators.
        module: 'timm.layers._fx',
        registering: ['register_notrace_module', 'register_notrace_function'],
        keyed: {},
        key: 'whole',
        containers: ['_leaf_modules', '_autowrap_functions']
      }
    ]
  },
  // timm's layers, data helpers and utilities: their files define and import only.
  ...['timm.layers', 'timm.data', 'timm.utils'].map(p => plainPackage(p, TIMM_INERT)),
  // torchvision.models and its subpackages (`from . import detection, ...` runs their
  // __init__, whose star imports are deferred in turn).
  ...['', '.detection', '.optical_flow', '.quantization', '.segmentation', '.video'].map(torchvisionModels)
];

/** torchvision.models (or one of its subpackages): builders registered by `@register_model()`. */
function torchvisionModels(sub: string): DeferredPackage {
  return {
    package: `torchvision.models${sub}`,
    decorators: ['register_model'],
    decoratorExports: false,
    deprecations: [],
    registerCalls: [],
    inertDecorators: ['handle_legacy_interface', 'dataclass', 'torch.jit.unused', 'torch.no_grad', 'torch.jit._script_if_tracing', 'torch.fx.wrap'],
    inertCalls: ['torch.fx.wrap'],
    registries: [
      {
        module: 'torchvision.models._api',
        // load_state_dict_from_url is ArchLens' stand-in (never loads weights).
        registering: ['register_model', 'load_state_dict_from_url'],
        keyed: { get_model: 0, get_model_builder: 0 },
        key: 'lower',
        containers: ['BUILTIN_MODELS']
      }
    ]
  };
}
