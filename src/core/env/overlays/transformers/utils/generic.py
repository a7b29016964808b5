# Stand-in for transformers.utils.generic (transformers 5.x): ModelOutput and TransformersKwargs
# from transformers.utils, the forward-pass decorators as identities, and
# is_flash_attention_requested (some models choose attention classes by it),
# merge_with_config_defaults (use_cache and the vision feature options default to the config's).
# Does not: describe tensor helpers or the output-recording machinery.
from transformers.utils import _archlens_decorator, can_return_tuple

from . import ModelOutput, TransformersKwargs

check_model_inputs = _archlens_decorator


def is_flash_attention_requested(config=None, requested_attention_implementation=None, version=None):
    # "flash" in the requested implementation (with one of the versions after it, if given).
    implementation = config._attn_implementation if config is not None else requested_attention_implementation
    if implementation is None or "flash" not in implementation:
        return False
    if version is None:
        return True
    versions = [version] if isinstance(version, int) else version
    after = implementation.split("flash", 1)[1]
    return any(str(v) in after for v in versions)


def merge_with_config_defaults(func):
    # utils.generic.merge_with_config_defaults for keyword arguments (how models pass them): a
    # missing one takes the config's value; use_cache is off under gradient checkpointing in
    # training with gradients on.
    import torch

    def wrapper(self, *args, **kwargs):
        for name in ("use_cache", "vision_feature_layer", "vision_feature_select_strategy", "vision_aspect_ratio"):
            value = kwargs.get(name, None)
            if value is None:
                value = getattr(self.config, name, None)
            if value is not None:
                if name == "use_cache" and value and getattr(self, "gradient_checkpointing", False) and self.training and torch.is_grad_enabled():
                    value = False
                kwargs[name] = value
        return func(self, *args, **kwargs)
    return wrapper
