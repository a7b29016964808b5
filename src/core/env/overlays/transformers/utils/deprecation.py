# Stand-in for transformers.utils.deprecation (transformers 5.x): deprecate_kwarg(...) returns
# what it decorates.
# Does not: rename deprecated keyword arguments or warn.
from transformers.utils import _archlens_factory

deprecate_kwarg = _archlens_factory
