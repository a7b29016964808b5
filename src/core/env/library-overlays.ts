// The stand-ins of library modules (env/overlays.ts explains the kinds), as data: for
// transformers 5.x, the base classes PreTrainedConfig and PreTrainedModel as far as a model's
// structure depends on them (config fields from keyword arguments and class defaults,
// attribute_map aliases, num_labels; `post_init` tying the weights its class names, counted
// once as torch's parameters() does), identity decorators for docstrings, kernels and output
// capture, no-op loggers, and the package's names from its TYPE_CHECKING imports. Machinery
// that only serves forward passes, caches, the hub or generation is opaque: what comes from
// it is unknown, never guessed. The model files themselves (modeling_bert.py, ...) and plain
// helpers (activations.py, pytorch_utils.py, modeling_rope_utils.py) are read as installed.
// Does not: describe any model, read files, or run anything.
import { TORCHVISION_OVERLAY } from './overlay-torchvision';
import { LibraryOverlay, OverlayEntry, OverlaySet } from './overlays';

const text = (t: string): OverlayEntry => ({ kind: 'text', text: t });
const OPAQUE: OverlayEntry = { kind: 'opaque' };

const IDENTITY = `
def _archlens_identity(obj):
    return obj


def _archlens_decorator(obj=None, **kwargs):
    # Used bare (@deco) or with keyword arguments (@deco(...)): returns what it decorates.
    if obj is None:
        return _archlens_identity
    return obj


def _archlens_factory(*args, **kwargs):
    # Always called with arguments (@deco("name", ...)): returns what it decorates.
    return _archlens_identity
`;

const UTILS = `${IDENTITY}
from dataclasses import fields
from . import logging


def is_torch_available():
    return True


def is_torch_greater_or_equal(version, accept_dev=False):
    return True


def is_torchdynamo_compiling():
    return False


class OptionalDependencyNotAvailable(Exception):
    pass


class _LazyModule:
    pass


class ModelOutput:
    # utils.generic.ModelOutput: a dataclass read by name, or by position over the fields
    # that are not None.
    def __getitem__(self, k):
        if isinstance(k, str):
            return getattr(self, k)
        return self.to_tuple()[k]

    def to_tuple(self):
        return tuple(getattr(self, f.name) for f in fields(type(self)) if getattr(self, f.name) is not None)


class TransformersKwargs:
    pass


auto_docstring = _archlens_decorator
can_return_tuple = _archlens_decorator
`;

const LOGGING = `
class _Logger:
    def debug(self, *args, **kwargs):
        pass

    def info(self, *args, **kwargs):
        pass

    def warning(self, *args, **kwargs):
        pass

    def warn(self, *args, **kwargs):
        pass

    def error(self, *args, **kwargs):
        pass

    def warning_once(self, *args, **kwargs):
        pass

    def info_once(self, *args, **kwargs):
        pass

    def warning_advice(self, *args, **kwargs):
        pass


def get_logger(name=None):
    return _Logger()
`;

const GENERIC = `${IDENTITY}
from . import ModelOutput, TransformersKwargs

can_return_tuple = _archlens_decorator
merge_with_config_defaults = _archlens_decorator
check_model_inputs = _archlens_decorator
`;

const OUTPUT_CAPTURING = `${IDENTITY}
capture_outputs = _archlens_decorator


class OutputRecorder:
    def __init__(self, *args, **kwargs):
        pass
`;

const DEPRECATION = `${IDENTITY}
deprecate_kwarg = _archlens_factory
`;

const IMPORT_UTILS = `
def is_torchdynamo_compiling():
    return False


def define_import_structure(*args, **kwargs):
    return {}
`;

const INTEGRATIONS = `${IDENTITY}
use_kernel_forward_from_hub = _archlens_factory
use_kernel_func_from_hub = _archlens_factory
use_kernelized_func = _archlens_factory
`;

const DEEPSPEED = `
def is_deepspeed_zero3_enabled():
    return False
`;

const FSDP = `
def is_fsdp_managed_module(module):
    return False


def is_fsdp_enabled():
    return False
`;

const GENERATION = `
class GenerationMixin:
    pass
`;

const CONFIGURATION_UTILS = `
from dataclasses import fields
from archlens_unavailable import config_json_of_a_hub_name_not_in_a_local_cache


class SubConfigSpec:
    def __init__(self, config_class, model_type=None, init_kwargs=None, optional=False):
        self.init_kwargs = init_kwargs if init_kwargs is not None else {}
        self.config_class = config_class
        self.optional = optional
        self.model_type = model_type if model_type is not None else getattr(config_class, "model_type", None)


def _rope():
    # The real RotaryEmbeddingConfigMixin, read only by configs that have rope_parameters.
    from .modeling_rope_utils import RotaryEmbeddingConfigMixin
    return RotaryEmbeddingConfigMixin


class PreTrainedConfig:
    default_theta = 10_000.0
    default_rope_type = "default"
    ignore_keys_at_rope_validation = set()
    model_type = ""
    base_config_key = ""
    sub_configs_defaults = {}
    attribute_map = {}
    base_model_tp_plan = None
    base_model_pp_plan = None
    base_model_ep_plan = None
    transformers_version = None
    architectures = None
    output_hidden_states = False
    return_dict = True
    dtype = None
    chunk_size_feed_forward = 0
    is_encoder_decoder = False
    id2label = None
    label2id = None
    problem_type = None

    def __init__(self, **kwargs):
        names = set()
        for f in fields(type(self)):
            names.add(f.name)
            if f.name in kwargs:
                setattr(self, f.name, kwargs[f.name])
            else:
                setattr(self, f.name, f.default)
        extra = {}
        for k, v in kwargs.items():
            if k not in names:
                extra[k] = v
        self.__post_init__(**extra)

    def __post_init__(self, **kwargs):
        if self.sub_configs_defaults:
            for key, spec in self.sub_configs_defaults.items():
                self._archlens_subconfig(key, spec)
        torch_dtype = kwargs.pop("torch_dtype", None)
        if self.id2label is None:
            n = kwargs.get("num_labels", None)
            self.num_labels = n if n is not None else 2
        else:
            self.id2label = {int(key): value for key, value in self.id2label.items()}
        if hasattr(self, "rope_parameters"):
            kwargs = self.convert_rope_params_to_dict(**kwargs)
        self._name_or_path = str(kwargs.pop("name_or_path", ""))
        kwargs.pop("_commit_hash", None)
        self._output_attentions = kwargs.pop("output_attentions", False)
        self._attn_implementation_internal = kwargs.pop("attn_implementation", None)
        self._experts_implementation_internal = kwargs.pop("experts_implementation", None)
        if kwargs.pop("per_layer_config", None) is not None:
            self.per_layer_config = config_json_of_a_hub_name_not_in_a_local_cache("per_layer_config")
        for key, value in kwargs.items():
            if key not in ("_attn_implementation", "_attn_implementation_internal", "_experts_implementation", "_experts_implementation_internal"):
                setattr(self, key, value)
        self._post_init_done = True

    def _archlens_subconfig(self, key, spec):
        # SubConfigSpec.create_subconfig for a spec naming a config class (AutoConfig specs
        # and backbones are not followed: unknown).
        if not isinstance(spec, SubConfigSpec):
            spec = SubConfigSpec(spec)
        subconfig = getattr(self, key)
        if subconfig is None and spec.optional:
            return
        if isinstance(subconfig, PreTrainedConfig):
            return
        if key == "backbone_config" or not issubclass(spec.config_class, PreTrainedConfig):
            setattr(self, key, config_json_of_a_hub_name_not_in_a_local_cache(key))
            return
        if subconfig is None:
            subconfig = spec.init_kwargs
        if not isinstance(subconfig, dict):
            setattr(self, key, config_json_of_a_hub_name_not_in_a_local_cache(key))
            return
        setattr(self, key, spec.config_class(**subconfig))

    def nested_rope_parameter_keys(self, rope_parameters):
        return _rope().nested_rope_parameter_keys(self, rope_parameters)

    def convert_rope_params_to_dict(self, **kwargs):
        return _rope().convert_rope_params_to_dict(self, **kwargs)

    def standardize_rope_params(self):
        return _rope().standardize_rope_params(self)

    def __setattr__(self, key, value):
        amap = type(self).attribute_map
        if key in amap:
            key = amap[key]
        super().__setattr__(key, value)

    def __getattr__(self, key):
        amap = type(self).attribute_map
        if key in amap:
            return getattr(self, amap[key])
        raise AttributeError(key)

    @property
    def name_or_path(self):
        return self._name_or_path

    @name_or_path.setter
    def name_or_path(self, value):
        self._name_or_path = str(value)

    @property
    def num_labels(self):
        return len(self.id2label) if self.id2label is not None else None

    @num_labels.setter
    def num_labels(self, num_labels):
        if self.id2label is None or self.num_labels != num_labels:
            self.id2label = {i: f"LABEL_{i}" for i in range(num_labels)}
            self.label2id = dict(zip(self.id2label.values(), self.id2label.keys()))

    @property
    def output_attentions(self):
        return self._output_attentions

    @output_attentions.setter
    def output_attentions(self, value):
        self._output_attentions = value

    @property
    def _attn_implementation(self):
        return self._attn_implementation_internal

    @_attn_implementation.setter
    def _attn_implementation(self, value):
        self._attn_implementation_internal = value

    @property
    def use_return_dict(self):
        return self.return_dict

    def get_text_config(self, decoder=None, encoder=None):
        names = []
        if decoder is not False:
            names += ["decoder", "generator", "text_config"]
        if encoder is not False:
            names += ["text_encoder"]
        found = [name for name in names if getattr(self, name, None) is not None]
        if len(found) > 1:
            return config_json_of_a_hub_name_not_in_a_local_cache("text_config")
        if len(found) == 1:
            return getattr(self, found[0])
        return self

    def update(self, config_dict):
        for key, value in config_dict.items():
            setattr(self, key, value)

    def to_dict(self):
        out = {}
        for key, value in self.__dict__.items():
            if not key.startswith("_"):
                out[key] = value
        out["model_type"] = self.model_type
        return out

    @classmethod
    def from_pretrained(cls, name, *args, **kwargs):
        return __archlens_unknown__(f"{cls.__name__}.from_pretrained({name!r}): its config.json is not read (no local Hugging Face cache is searched), so the architecture is not known")

    @classmethod
    def from_dict(cls, config_dict, **kwargs):
        merged = dict(config_dict)
        merged.update(kwargs)
        return cls(**merged)


PretrainedConfig = PreTrainedConfig
`;

const MODELING_UTILS = `
import torch
from torch import nn
from .configuration_utils import PreTrainedConfig
from archlens_unavailable import config_json_of_a_hub_name_not_in_a_local_cache, tied_weights_keys_not_followed, loss_function_of_a_model, embeddings_not_followed

_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_."


def _plain_key(key):
    for c in key:
        if c not in _PLAIN:
            return False
    return key.endswith("weight") or key.endswith("bias")


def _get_path(model, dotted):
    obj = model
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def _tie(model, target, source):
    # setattr(parent, name, source_param), as tie_weights does; anything not followed makes
    # the model's totals unknown (the opaque call below sees the model).
    parts = target.split(".")
    parent = model
    for part in parts[:-1]:
        parent = getattr(parent, part)
    if isinstance(parent, nn.Module):
        setattr(parent, parts[-1], _get_path(model, source))
    else:
        tied_weights_keys_not_followed(model)


def _archlens_loss(logits, labels, *args, **kwargs):
    # The losses of LOSS_MAPPING are scalars; their value is not followed.
    return logits.mean()


class _AttentionInterface:
    def get_interface(self, implementation, default):
        return default


ALL_ATTENTION_FUNCTIONS = _AttentionInterface()


class PreTrainedModel(nn.Module):
    config_class = None
    base_model_prefix = ""
    main_input_name = "input_ids"
    input_modalities = ("text",)
    _tied_weights_keys = None
    _no_split_modules = None
    _keep_in_fp32_modules = None
    supports_gradient_checkpointing = False

    def __init__(self, config, *inputs, **kwargs):
        super().__init__()
        self.config = config
        self.name_or_path = config.name_or_path

    def post_init(self):
        # modeling_utils.PreTrainedModel.post_init: this model's tied keys (when its config ties
        # word embeddings), those of its PreTrainedModel children under their names, then tie.
        tied = {}
        mapping = self._tied_weights_keys
        if getattr(self.config, "tie_word_embeddings", False) and mapping is not None:
            for target, source in mapping.items():
                if not (_plain_key(target) and _plain_key(source)):
                    tied_weights_keys_not_followed(self)
                tied[target] = source
        for name, module in self.named_children():
            if isinstance(module, PreTrainedModel):
                for target, source in module.all_tied_weights_keys.items():
                    tied[name + "." + target] = name + "." + source
        self.all_tied_weights_keys = tied
        for target, source in tied.items():
            _tie(self, target, source)

    def warn_if_padding_and_no_attention_mask(self, input_ids, attention_mask):
        pass

    @property
    def loss_function(self):
        return _archlens_loss

    def num_parameters(self, only_trainable=False, exclude_embeddings=False):
        if exclude_embeddings:
            return loss_function_of_a_model()
        return sum(p.numel() for p in self.parameters() if p.requires_grad or not only_trainable)

    @property
    def base_model(self):
        return getattr(self, self.base_model_prefix, self)

    # Only the base-model delegation is followed; anything else makes the model unknown (the
    # opaque call sees it), so a replacement is never silently missed.
    def get_input_embeddings(self):
        prefix = self.base_model_prefix
        if prefix and prefix in self._modules:
            return self._modules[prefix].get_input_embeddings()
        embeddings_not_followed(self)
        return __archlens_unknown__(f"{type(self).__name__}.get_input_embeddings() is not followed")

    def set_input_embeddings(self, value):
        prefix = self.base_model_prefix
        if prefix and prefix in self._modules:
            self._modules[prefix].set_input_embeddings(value)
        else:
            embeddings_not_followed(self)

    def get_output_embeddings(self):
        if "lm_head" in self._modules:
            return self._modules["lm_head"]
        return None

    def set_output_embeddings(self, new_embeddings):
        self.lm_head = new_embeddings

    def resize_token_embeddings(self, new_num_tokens=None, pad_to_multiple_of=None, mean_resizing=True):
        # PreTrainedModel._resize_token_embeddings: a new input Embedding, a new output head of
        # the same kind (always; tie_weights() ties it again), then the config's vocab_size.
        old = self.get_input_embeddings()
        if new_num_tokens is None and pad_to_multiple_of is None:
            return old
        if new_num_tokens is None:
            new_num_tokens = old.weight.shape[0]
        if pad_to_multiple_of is not None:
            new_num_tokens = ((new_num_tokens + pad_to_multiple_of - 1) // pad_to_multiple_of) * pad_to_multiple_of
        if not isinstance(old, nn.Embedding):
            return __archlens_unknown__("resize_token_embeddings() of input embeddings that are no nn.Embedding")
        self.set_input_embeddings(nn.Embedding(new_num_tokens, old.embedding_dim, padding_idx=old.padding_idx))
        head = self.get_output_embeddings()
        if head is not None:
            if isinstance(head, nn.Embedding):
                new_head = nn.Embedding(new_num_tokens, head.embedding_dim)
            elif isinstance(head, nn.Linear):
                new_head = nn.Linear(head.in_features, new_num_tokens, bias=head.bias is not None)
            else:
                new_head = __archlens_unknown__("resize_token_embeddings() of an output head that is no nn.Linear")
            new_head.requires_grad_(head.weight.requires_grad)
            self.set_output_embeddings(new_head)
        self.config.get_text_config().vocab_size = new_num_tokens
        self.vocab_size = new_num_tokens
        self.tie_weights()
        return self.get_input_embeddings()

    def tie_weights(self, missing_keys=None, recompute_mapping=True):
        for target, source in self.all_tied_weights_keys.items():
            _tie(self, target, source)

    @classmethod
    def _from_config(cls, config, **kwargs):
        return cls(config)

    @classmethod
    def from_pretrained(cls, name, *args, **kwargs):
        return __archlens_unknown__(f"{cls.__name__}.from_pretrained({name!r}): its config.json is not read (no local Hugging Face cache is searched), so the architecture is not known")


PretrainedModel = PreTrainedModel
`;

const MODELING_LAYERS = `
from torch import nn


class GradientCheckpointingLayer(nn.Module):
    gradient_checkpointing = False
`;

const AUTO_FACTORY = `
import transformers
from archlens_unavailable import config_json_of_a_hub_name_not_in_a_local_cache, remote_code_of_a_hub_model


def _archlens_class(name):
    # The lazy package resolves the name from its TYPE_CHECKING imports (lazy-imports.ts).
    return getattr(transformers, name)


class _LazyAutoMapping:
    def __init__(self, config_mapping, model_mapping):
        self._config_mapping = config_mapping
        self._model_mapping = model_mapping

    def _model_types(self, key):
        # The model types of a config class; the real reverse mapping keeps the last one.
        return [mtype for mtype, name in self._config_mapping.items() if name == key.__name__]

    def _load(self, name):
        if isinstance(name, (list, tuple)):
            return tuple(_archlens_class(n) for n in name)
        return _archlens_class(name)

    def __getitem__(self, key):
        types = self._model_types(key)
        if types and types[-1] in self._model_mapping:
            return self._load(self._model_mapping[types[-1]])
        for mtype in types:
            if mtype in self._model_mapping:
                return self._load(self._model_mapping[mtype])
        raise KeyError(key)

    def __contains__(self, key):
        types = self._model_types(key)
        return len(types) > 0 and types[-1] in self._model_mapping


def _get_model_class(config, model_mapping):
    supported_models = model_mapping[type(config)]
    if not isinstance(supported_models, (list, tuple)):
        return supported_models
    name_to_model = {model.__name__: model for model in supported_models}
    architectures = getattr(config, "architectures", None) or []
    for arch in architectures:
        if arch in name_to_model:
            return name_to_model[arch]
    return supported_models[0]


class _BaseAutoModelClass:
    _model_mapping = None

    @classmethod
    def from_config(cls, config, **kwargs):
        if hasattr(config, "auto_map"):
            return remote_code_of_a_hub_model(config)
        model_class = _get_model_class(config, cls._model_mapping)
        return model_class._from_config(config, **kwargs)

    @classmethod
    def from_pretrained(cls, name, *args, **kwargs):
        return __archlens_unknown__(f"{cls.__name__}.from_pretrained({name!r}): its config.json is not read (no local Hugging Face cache is searched), so the architecture is not known")


class _BaseAutoBackboneClass(_BaseAutoModelClass):
    pass


def auto_class_update(cls, checkpoint_for_example="", head_doc=""):
    return cls
`;

const CONFIGURATION_AUTO = `
import transformers
from .auto_mappings import CONFIG_MAPPING_NAMES, SPECIAL_MODEL_TYPE_TO_MODULE_NAME
from archlens_unavailable import config_json_of_a_hub_name_not_in_a_local_cache


class _LazyConfigMapping:
    def __init__(self, mapping):
        self._mapping = mapping

    def __getitem__(self, key):
        return getattr(transformers, self._mapping[key])

    def __contains__(self, key):
        return key in self._mapping


CONFIG_MAPPING = _LazyConfigMapping(CONFIG_MAPPING_NAMES)


class AutoConfig:
    @classmethod
    def for_model(cls, model_type, *args, **kwargs):
        return CONFIG_MAPPING[model_type](*args, **kwargs)

    @classmethod
    def from_pretrained(cls, name, *args, **kwargs):
        return __archlens_unknown__(f"{cls.__name__}.from_pretrained({name!r}): its config.json is not read (no local Hugging Face cache is searched), so the architecture is not known")
`;

export const TRANSFORMERS_OVERLAY: LibraryOverlay = {
  package: 'transformers',
  versions: /^5\./,
  modules: new Map<string, OverlayEntry>([
    ['transformers', { kind: 'type-checking' }],
    ['transformers.utils', text(UTILS)],
    ['transformers.utils.logging', text(LOGGING)],
    ['transformers.utils.generic', text(GENERIC)],
    ['transformers.utils.output_capturing', text(OUTPUT_CAPTURING)],
    ['transformers.utils.deprecation', text(DEPRECATION)],
    ['transformers.utils.import_utils', text(IMPORT_UTILS)],
    ['transformers.integrations', text(INTEGRATIONS)],
    ['transformers.integrations.hub_kernels', text(INTEGRATIONS)],
    ['transformers.integrations.deepspeed', text(DEEPSPEED)],
    ['transformers.integrations.fsdp', text(FSDP)],
    ['transformers.generation', text(GENERATION)],
    ['transformers.configuration_utils', text(CONFIGURATION_UTILS)],
    ['transformers.modeling_utils', text(MODELING_UTILS)],
    ['transformers.modeling_layers', text(MODELING_LAYERS)],
    ['transformers.models.auto.auto_factory', text(AUTO_FACTORY)],
    ['transformers.models.auto.configuration_auto', text(CONFIGURATION_AUTO)],
    ['transformers.dynamic_module_utils', OPAQUE],
    // Tokenizers, processors and image/video/audio preprocessing: no parameters.
    ['transformers.models.auto.tokenization_auto', OPAQUE],
    ['transformers.models.auto.processing_auto', OPAQUE],
    ['transformers.models.auto.image_processing_auto', OPAQUE],
    ['transformers.models.auto.video_processing_auto', OPAQUE],
    ['transformers.models.auto.feature_extraction_auto', OPAQUE],
    ['transformers.image_utils', OPAQUE],
    ['transformers.image_transforms', OPAQUE],
    ['transformers.image_processing_utils', OPAQUE],
    ['transformers.image_processing_base', OPAQUE],
    ['transformers.video_utils', OPAQUE],
    ['transformers.feature_extraction_utils', OPAQUE],
    ['transformers.feature_extraction_sequence_utils', OPAQUE],
    ['transformers.audio_utils', OPAQUE],
    // Forward passes, caches, masks, outputs, loading and the hub: not read.
    ['transformers.cache_utils', OPAQUE],
    ['transformers.masking_utils', OPAQUE],
    ['transformers.processing_utils', OPAQUE],
    ['transformers.modeling_flash_attention_utils', OPAQUE],
    ['transformers.initialization', OPAQUE],
    ['transformers.distributed', OPAQUE],
    ['transformers.distributed.utils', OPAQUE],
    ['transformers.dependency_versions_check', OPAQUE],
    ['transformers.tokenization_utils_base', OPAQUE],
    ['transformers.tokenization_python', OPAQUE],
    ['transformers.tokenization_utils_tokenizers', OPAQUE],
    ['transformers.tokenization_utils_sentencepiece', OPAQUE]
  ])
};

/** Every stand-in the analyzer knows. */
export const LIBRARY_OVERLAYS = new OverlaySet([TRANSFORMERS_OVERLAY, TORCHVISION_OVERLAY]);
