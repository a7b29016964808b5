# Stand-in for transformers.models.auto.configuration_auto (transformers 5.x): CONFIG_MAPPING
# from the real auto_mappings names, AutoConfig.for_model.
# from_pretrained reads config.json through the host (configuration_utils._archlens_config_dict).
# Does not: register new configs or read files itself.

import transformers
from .auto_mappings import CONFIG_MAPPING_NAMES, SPECIAL_MODEL_TYPE_TO_MODULE_NAME
from archlens_unavailable import config_json_of_a_hub_name_not_in_a_local_cache
from ...configuration_utils import _archlens_pretrained


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
        return_unused_kwargs = kwargs.pop("return_unused_kwargs", False)
        rest, config_dict, why = _archlens_pretrained(cls.__name__, name, kwargs)
        if why is not None:
            return __archlens_unknown__(why)
        return cls._archlens_from_config_dict(name, config_dict, return_unused_kwargs, rest)

    @classmethod
    def _archlens_from_config_dict(cls, name, config_dict, return_unused_kwargs, kwargs):
        # The config class of the checkpoint's model_type, from its dict.
        model_type = config_dict.get("model_type", None)
        if model_type is None or model_type not in CONFIG_MAPPING_NAMES:
            return __archlens_unknown__(f"AutoConfig.from_pretrained({name!r}): model_type {model_type!r} is not one this transformers knows; not followed")
        return CONFIG_MAPPING[model_type]._archlens_from_dict(config_dict, return_unused_kwargs, kwargs)
