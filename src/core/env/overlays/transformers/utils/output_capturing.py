# Stand-in for transformers.utils.output_capturing (transformers 5.x): capture_outputs as far
# as the output's structure goes: return_dict=False gives to_tuple(); hidden states or
# attentions asked for (output_hidden_states=True, ...) are recorded by hooks in 5.x, here
# they are unknown. OutputRecorder accepts and ignores its arguments;
# maybe_install_capturing_hooks (backbones call it in post_init) only adds forward hooks that
# record outputs, so it leaves the model as it is.
# Does not: record hidden states or attentions.


def capture_outputs(func=None, tie_last_hidden_states=True):
    def wrapped_fn(func):
        def wrapper(self, *args, **kwargs):
            return_dict = kwargs.pop("return_dict", getattr(self.config, "return_dict", True))
            asked = []
            for key in ("hidden_states", "attentions", "cross_attentions"):
                flag = kwargs.get("output_" + key, None)
                if flag is None:
                    flag = getattr(self.config, "output_" + key, False)
                if flag:
                    asked.append(key)
            outputs = func(self, *args, **kwargs)
            for key in asked:
                if hasattr(outputs, key):
                    setattr(outputs, key, __archlens_unknown__(f"{key} recorded by forward hooks are not followed"))
            if return_dict is False:
                outputs = outputs.to_tuple()
            return outputs
        return wrapper
    if func is not None:
        return wrapped_fn(func)
    return wrapped_fn


class OutputRecorder:
    def __init__(self, *args, **kwargs):
        pass


def maybe_install_capturing_hooks(model):
    pass
