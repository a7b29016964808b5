# Stand-in for transformers.integrations and transformers.integrations.hub_kernels (transformers
# 5.x): the kernel decorators (use_kernel_forward_from_hub, ...) return what they decorate;
# use_experts_implementation (integrations/moe.py) keeps an experts class's __init__ and only
# swaps which kernel its forward dispatches to, so it too returns the class as it is.
# Does not: load kernels from the hub or describe other integrations.
from transformers.utils import _archlens_factory, _archlens_decorator

use_kernel_forward_from_hub = _archlens_factory
use_kernel_func_from_hub = _archlens_factory
use_kernelized_func = _archlens_factory
use_experts_implementation = _archlens_decorator
