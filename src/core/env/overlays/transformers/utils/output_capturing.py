# Stand-in for transformers.utils.output_capturing (transformers 5.x): capture_outputs returns
# what it decorates; OutputRecorder accepts and ignores its arguments;
# maybe_install_capturing_hooks (backbones call it in post_init) only adds forward hooks that
# record outputs, so it leaves the model as it is.
# Does not: record hidden states or attentions.
from transformers.utils import _archlens_decorator

capture_outputs = _archlens_decorator


class OutputRecorder:
    def __init__(self, *args, **kwargs):
        pass


def maybe_install_capturing_hooks(model):
    pass
