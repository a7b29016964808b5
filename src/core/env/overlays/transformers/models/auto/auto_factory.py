# Stand-in for transformers.models.auto.auto_factory (transformers 5.x): the Auto model classes
# choose the model class of a config's type (the last model type mapped to the config class, as
# the real reverse mapping), honouring config.architectures; from_config builds it.
# Does not: load remote code (unknown) or weights.

import transformers
from ...configuration_utils import PreTrainedConfig, _archlens_pretrained
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
    def from_pretrained(cls, name, *model_args, **kwargs):
        # AutoConfig from the checkpoint's config.json (unless a config is given), then the
        # model class of that config type, loaded with it.
        config = kwargs.pop("config", None)
        rest, config_dict, why = _archlens_pretrained(cls.__name__, name, kwargs)
        if why is not None:
            return __archlens_unknown__(why)
        if not isinstance(config, PreTrainedConfig):
            if config is not None:
                return __archlens_unknown__(f"{cls.__name__}.from_pretrained({name!r}): a config given by name is not followed")
            loaded = transformers.AutoConfig._archlens_from_config_dict(name, config_dict, True, rest)
            if not isinstance(loaded, tuple):
                return loaded
            config, rest = loaded
        if hasattr(config, "auto_map"):
            return remote_code_of_a_hub_model(config)
        model_class = _get_model_class(config, cls._model_mapping)
        return model_class.from_pretrained(name, *model_args, config=config, **rest)


class _BaseAutoBackboneClass(_BaseAutoModelClass):
    pass


def auto_class_update(cls, checkpoint_for_example="", head_doc=""):
    return cls
