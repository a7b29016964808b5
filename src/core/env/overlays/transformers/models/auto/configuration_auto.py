# Stand-in for transformers.models.auto.configuration_auto (transformers 5.x): CONFIG_MAPPING
# from the real auto_mappings names, AutoConfig.for_model.
# Does not: register new configs or read config.json files.

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
