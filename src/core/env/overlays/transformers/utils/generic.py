# Stand-in for transformers.utils.generic (transformers 5.x): ModelOutput and TransformersKwargs
# from transformers.utils, and the forward-pass decorators as identities.
# Does not: describe tensor helpers or the output-recording machinery.
from transformers.utils import _archlens_decorator

from . import ModelOutput, TransformersKwargs

can_return_tuple = _archlens_decorator
merge_with_config_defaults = _archlens_decorator
check_model_inputs = _archlens_decorator
