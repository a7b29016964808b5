# Stand-in for transformers.utils (transformers 5.x): the availability checks answer "torch, no
# compilation", ModelOutput reads its fields by name or position, the decorators used on
# model classes (auto_docstring) return what they decorate, can_return_tuple gives a tuple
# for return_dict=False. The _archlens_*
# helpers are shared by the other stand-ins.
# Does not: check installed packages, build docstrings, or describe anything else of the module.
from dataclasses import fields
from . import logging


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


def can_return_tuple(func):
    # utils.generic.can_return_tuple: return_dict=False (passed, else the config's) gives the
    # output's to_tuple().
    def wrapper(self, *args, **kwargs):
        return_dict = self.config.return_dict if hasattr(self, "config") else True
        passed = kwargs.pop("return_dict", return_dict)
        if passed is not None:
            return_dict = passed
        output = func(self, *args, **kwargs)
        if not return_dict and not isinstance(output, tuple):
            output = output.to_tuple()
        return output
    return wrapper
