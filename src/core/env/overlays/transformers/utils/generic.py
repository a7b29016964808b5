# Stand-in for transformers.utils.generic (transformers 5.x): ModelOutput and TransformersKwargs
# from transformers.utils, the forward-pass decorators as identities, and
# is_flash_attention_requested (some models choose attention classes by it).
# Does not: describe tensor helpers or the output-recording machinery.
from transformers.utils import _archlens_decorator, can_return_tuple

from . import ModelOutput, TransformersKwargs

merge_with_config_defaults = _archlens_decorator
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
