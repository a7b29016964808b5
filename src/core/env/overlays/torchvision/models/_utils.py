# Stand-in text for torchvision.models._utils (0.13+), appended after the installed module ran: builders are
# called as written (a positional `pretrained` stays unknown); the legacy `pretrained=True`
# keyword means the default weights, whose meta sets num_classes.
# Does not: load weights or inspect signatures.
def kwonly_to_pos_or_kw(fn):
    return fn


def handle_legacy_interface(**weights):
    def outer_wrapper(builder):
        @functools.wraps(builder)
        def inner_wrapper(*args, **kwargs):
            for weights_param, (pretrained_param, default) in weights.items():
                if pretrained_param not in kwargs:
                    continue
                if weights_param in kwargs:
                    weights_arg = kwargs[weights_param]
                    if weights_arg is None or isinstance(weights_arg, WeightsEnum) or (isinstance(weights_arg, str) and weights_arg != "legacy"):
                        continue
                pretrained_arg = kwargs[pretrained_param]
                if pretrained_arg:
                    default_weights_arg = default(kwargs) if callable(default) else default
                    if default_weights_arg is None:
                        raise ValueError(f"No weights available for model {builder.__name__}")
                else:
                    default_weights_arg = None
                del kwargs[pretrained_param]
                kwargs[weights_param] = default_weights_arg
            return builder(*args, **kwargs)

        return inner_wrapper

    return outer_wrapper
