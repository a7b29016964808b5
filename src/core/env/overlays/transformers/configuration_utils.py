# Stand-in for transformers.configuration_utils (transformers 5.x): PreTrainedConfig as far as a
# model's structure depends on it: fields from keyword arguments and dataclass defaults, extra
# keyword arguments as attributes, attribute_map aliases, num_labels / id2label, sub-configs
# named by a config class or by AutoConfig and a model_type, rope parameters through the real
# modeling_rope_utils, from_dict.
# from_pretrained reads the checkpoint's config.json through the host (__archlens_config_json__).
# Does not: validate, serialize, or follow backbone sub-configs (unknown).

from dataclasses import fields
from archlens_unavailable import config_json_of_a_hub_name_not_in_a_local_cache


# Keyword arguments of from_pretrained that only say where the files come from or where the
# weights go: they change no parameter count.
_LOADING_KWARGS = (
    "cache_dir", "force_download", "local_files_only", "token", "proxies", "resume_download",
    "use_auth_token", "use_safetensors", "weights_only", "dtype", "torch_dtype", "device_map",
    "max_memory", "offload_folder", "offload_buffers", "low_cpu_mem_usage", "key_mapping",
    "ignore_mismatched_sizes", "_from_auto", "_from_pipeline", "_commit_hash", "revision",
)
# ... and those that change what is built or returned: not followed (unknown).
_UNFOLLOWED_KWARGS = (
    "quantization_config", "load_in_8bit", "load_in_4bit", "gguf_file", "subfolder", "variant",
    "adapter_kwargs", "adapter_name", "output_loading_info", "trust_remote_code", "code_revision",
    "use_kernels", "kernel_config", "tp_plan", "tp_size", "device_mesh", "distributed_config",
)


def _archlens_loading_kwargs(who, name, kwargs):
    # The keyword arguments left for the config and model, and None; or None and why not.
    for key in _UNFOLLOWED_KWARGS:
        if kwargs.get(key, None) not in (None, False):
            return None, f"{who}.from_pretrained({name!r}, {key}=...) is not followed, so the architecture is not known"
    revision = kwargs.get("revision", None)
    if revision is not None and revision != "main":
        return None, f"{who}.from_pretrained({name!r}, revision={revision!r}): only the main snapshot of the local Hugging Face cache is read"
    rest = {}
    for key, value in kwargs.items():
        if key not in _LOADING_KWARGS and key not in _UNFOLLOWED_KWARGS:
            rest[key] = value
    return rest, None


def _archlens_config_dict(who, name):
    # config.json of a folder of that name next to the notebook, else of the hub repo in the
    # local cache (the host reads it, read-only), and None; or None and why not.
    config_dict = __archlens_config_json__(name) if isinstance(name, str) else None
    if not isinstance(config_dict, dict):
        return None, f"{who}.from_pretrained({name!r}): its config.json is not in the local Hugging Face cache (nor in a folder of that name next to the notebook), so the architecture is not known"
    if "quantization_config" in config_dict:
        return None, f"{who}.from_pretrained({name!r}): a quantized checkpoint (quantization_config) is not followed, so the architecture is not known"
    if "auto_map" in config_dict:
        return None, f"{who}.from_pretrained({name!r}): its config names remote code (auto_map), which is never read"
    return config_dict, None


def _archlens_pretrained(who, name, kwargs):
    # What every from_pretrained stand-in does first: the loading keywords checked (the rest
    # returned), then the checkpoint's config.json; (rest, config_dict, None) or why not.
    rest, why = _archlens_loading_kwargs(who, name, kwargs)
    if why is not None:
        return rest, None, why
    config_dict, why = _archlens_config_dict(who, name)
    return rest, config_dict, why


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


def _archlens_is_field(cls, name):
    for f in fields(cls):
        if f.name == name:
            return True
    return False


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
        # SubConfigSpec.create_subconfig: a spec naming a config class builds that class; an
        # AutoConfig spec the class of the dict's model_type, else of the spec's (backbones
        # are not followed: unknown).
        if not isinstance(spec, SubConfigSpec):
            spec = SubConfigSpec(spec)
        subconfig = getattr(self, key)
        if subconfig is None and spec.optional:
            return
        if isinstance(subconfig, PreTrainedConfig):
            return
        if key == "backbone_config":
            setattr(self, key, config_json_of_a_hub_name_not_in_a_local_cache(key))
            return
        if subconfig is not None and not isinstance(subconfig, dict):
            setattr(self, key, config_json_of_a_hub_name_not_in_a_local_cache(key))
            return
        if issubclass(spec.config_class, PreTrainedConfig):
            config_class = spec.config_class
        else:
            from .models.auto.configuration_auto import CONFIG_MAPPING, CONFIG_MAPPING_NAMES
            model_type = subconfig.get("model_type", spec.model_type) if subconfig is not None else spec.model_type
            if not model_type or model_type not in CONFIG_MAPPING_NAMES:
                setattr(self, key, config_json_of_a_hub_name_not_in_a_local_cache(key))
                return
            config_class = CONFIG_MAPPING[model_type]
        if subconfig is None:
            subconfig = spec.init_kwargs
        setattr(self, key, config_class(**subconfig))

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
        if amap:
            # 5.x reads an alias through __getattribute__, always as its target. An alias that is
            # also a dataclass field (Qwen3MoeConfig's num_experts -> num_local_experts) has a
            # class default that __getattr__ would never get past: it is kept equal to its target.
            for alias, target in amap.items():
                if target == key and alias != key and _archlens_is_field(type(self), alias):
                    super().__setattr__(alias, value)

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
        return_unused_kwargs = kwargs.pop("return_unused_kwargs", False)
        rest, config_dict, why = _archlens_pretrained(cls.__name__, name, kwargs)
        if why is not None:
            return __archlens_unknown__(why)
        return cls._archlens_from_config_dict(name, config_dict, return_unused_kwargs, rest)

    @classmethod
    def _archlens_from_config_dict(cls, name, config_dict, return_unused_kwargs, kwargs):
        # from_pretrained after get_config_dict: the base config's part of a composite
        # checkpoint; a checkpoint of another model type is not followed (unknown).
        if cls.base_config_key and cls.base_config_key in config_dict:
            config_dict = config_dict[cls.base_config_key]
        model_type = config_dict.get("model_type", None)
        if model_type is not None and cls.model_type and model_type != cls.model_type:
            return __archlens_unknown__(f"{cls.__name__}.from_pretrained({name!r}): the checkpoint is a {model_type!r} model, not a {cls.model_type!r} one; not followed")
        return cls._archlens_from_dict(config_dict, return_unused_kwargs, kwargs)

    @classmethod
    def _archlens_from_dict(cls, config_dict, return_unused_kwargs, kwargs):
        # configuration_utils.PreTrainedConfig.from_dict: a few keyword arguments go into the
        # config's arguments, the others are set when the config has them; the rest are
        # returned (for the model's __init__) when asked.
        config_dict = dict(config_dict)
        used = ["_from_auto", "_from_pipeline"]
        for key, value in kwargs.items():
            if key in ("num_labels", "attn_implementation", "experts_implementation", "output_attentions", "name_or_path"):
                config_dict[key] = value
                used.append(key)
        config = cls(**config_dict)
        for key, value in kwargs.items():
            if hasattr(config, key):
                current = getattr(config, key)
                if isinstance(current, PreTrainedConfig) and isinstance(value, dict):
                    updated = current.to_dict()
                    updated.update(value)
                    value = current.__class__(**updated)
                setattr(config, key, value)
                used.append(key)
        unused = {}
        for key, value in kwargs.items():
            if key not in used:
                unused[key] = value
        if return_unused_kwargs:
            return config, unused
        return config

    @classmethod
    def from_dict(cls, config_dict, **kwargs):
        merged = dict(config_dict)
        merged.update(kwargs)
        return cls(**merged)


PretrainedConfig = PreTrainedConfig
