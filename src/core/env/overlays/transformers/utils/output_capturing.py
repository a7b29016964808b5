# Stand-in for transformers.utils.output_capturing (transformers 5.x): capture_outputs returns
# what it decorates; OutputRecorder accepts and ignores its arguments.
# Does not: record hidden states or attentions.
from transformers.utils import _archlens_decorator

capture_outputs = _archlens_decorator


class OutputRecorder:
    def __init__(self, *args, **kwargs):
        pass
