# Stand-in for transformers.modeling_utils (transformers 5.x): PreTrainedModel as far as a
# model's parameters depend on it: post_init ties the weights its class names (counted once, as
# torch's parameters() does), embeddings accessors through the base model,
# resize_token_embeddings, num_parameters, _from_config, gradient checkpointing flags,
# slice_logits_to_keep; loss functions are scalars.
# Does not: load weights, initialize them, run attention kernels, or follow tied keys that are
# patterns (unknown).

import torch
from torch import nn
from .configuration_utils import PreTrainedConfig, _archlens_pretrained
from archlens_unavailable import config_json_of_a_hub_name_not_in_a_local_cache, tied_weights_keys_not_followed, loss_function_of_a_model, embeddings_not_followed

_PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_."


def _plain_key(key):
    for c in key:
        if c not in _PLAIN:
            return False
    return key.endswith("weight") or key.endswith("bias")


def _get_path(model, dotted):
    obj = model
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def _tie(model, target, source):
    # setattr(parent, name, source_param), as tie_weights does; anything not followed makes
    # the model's totals unknown (the opaque call below sees the model).
    parts = target.split(".")
    parent = model
    for part in parts[:-1]:
        parent = getattr(parent, part)
    if not isinstance(parent, nn.Module):
        tied_weights_keys_not_followed(model)
        return
    source_tensor = _get_path(model, source)
    # Tensors of different shapes (a head's bias after resize_token_embeddings) are tied by
    # 5.x in ways not described here: not followed.
    old = getattr(parent, parts[-1], None)
    if old is not None and tuple(old.shape) != tuple(source_tensor.shape):
        tied_weights_keys_not_followed(model)
        return
    setattr(parent, parts[-1], source_tensor)


def _archlens_loss(logits, labels, *args, **kwargs):
    # The losses of LOSS_MAPPING are scalars; their value is not followed.
    return logits.mean()


def slice_logits_to_keep(hidden_states, logits_to_keep):
    # The last logits_to_keep positions (0: all of them) before the LM head; positions given as
    # a tensor are not followed.
    if isinstance(logits_to_keep, int):
        return hidden_states[:, -logits_to_keep:, :]
    return __archlens_unknown__("logits_to_keep given as a tensor is not followed")


class _AttentionInterface:
    def get_interface(self, implementation, default):
        return default


ALL_ATTENTION_FUNCTIONS = _AttentionInterface()


def _archlens_config_class(cls):
    # PreTrainedModel.__init_subclass__'s choice: a config_class attribute, else the class's
    # `config: XConfig` annotation (the nearest class that has annotations).
    if cls.config_class is not None:
        return cls.config_class
    annotations = getattr(cls, "__annotations__", None)
    if isinstance(annotations, dict):
        return annotations.get("config", None)
    return None


def _archlens_inner_model(model):
    # The accessors' last resorts: a `language_model` child, else the base model (the child
    # named base_model_prefix). A `language_model` that is no child (a property) is not
    # followed: None, after marking the model unknown.
    if hasattr(model, "language_model"):
        if "language_model" in model._modules:
            return model._modules["language_model"]
        embeddings_not_followed(model)
        return None
    prefix = model.base_model_prefix
    if prefix and prefix in model._modules:
        return model._modules[prefix]
    return None


def _archlens_child_named(model, names, method):
    # The first of `names` the model has, when it is a child module; else unknown.
    for name in names:
        if name in model._modules:
            return model._modules[name]
        if hasattr(model, name):
            break
    return __archlens_unknown__(f"{type(model).__name__}.{method}() is not followed")


class PreTrainedModel(nn.Module):
    config_class = None
    base_model_prefix = ""
    main_input_name = "input_ids"
    input_modalities = ("text",)
    _tied_weights_keys = None
    _no_split_modules = None
    _keep_in_fp32_modules = None
    supports_gradient_checkpointing = False
    _supports_sdpa = False

    def __init__(self, config, *inputs, **kwargs):
        super().__init__()
        self.config = config
        self.name_or_path = config.name_or_path
        # _check_and_adjust_attn_implementation for a config that requests none: sdpa when
        # the class supports it, else eager (some models choose attention classes by it).
        if config._attn_implementation is None:
            config._attn_implementation = "sdpa" if self._supports_sdpa else "eager"

    def post_init(self):
        # modeling_utils.PreTrainedModel.post_init: this model's tied keys (when its config ties
        # word embeddings), those of its PreTrainedModel children under their names, then tie.
        tied = {}
        mapping = self._tied_weights_keys
        if getattr(self.config, "tie_word_embeddings", False) and mapping is not None:
            for target, source in mapping.items():
                if not (_plain_key(target) and _plain_key(source)):
                    tied_weights_keys_not_followed(self)
                tied[target] = source
        for name, module in self.named_children():
            if isinstance(module, PreTrainedModel):
                for target, source in module.all_tied_weights_keys.items():
                    tied[name + "." + target] = name + "." + source
        self.all_tied_weights_keys = tied
        for target, source in tied.items():
            _tie(self, target, source)

    def warn_if_padding_and_no_attention_mask(self, input_ids, attention_mask):
        pass

    @property
    def loss_function(self):
        return _archlens_loss

    def num_parameters(self, only_trainable=False, exclude_embeddings=False):
        if exclude_embeddings:
            return loss_function_of_a_model()
        return sum(p.numel() for p in self.parameters() if p.requires_grad or not only_trainable)

    # The dtype / device of the parameters, as torch reports them for a tensor (the first one
    # stands for all, as 5.x assumes).
    @property
    def dtype(self):
        for p in self.parameters():
            return p.dtype
        return __archlens_unknown__(f"{type(self).__name__}.dtype of a model without parameters")

    @property
    def device(self):
        for p in self.parameters():
            return p.device
        return __archlens_unknown__(f"{type(self).__name__}.device of a model without parameters")

    @property
    def base_model(self):
        return getattr(self, self.base_model_prefix, self)

    # EmbeddingAccessMixin's defaults, in its order: the layer named _input_embed_layer on the
    # model, on its `embeddings`, on its `model`, then a `language_model`'s or the base model's
    # accessors. Anything else makes the model unknown (the opaque call sees it), so a
    # replacement is never silently missed.
    _input_embed_layer = "embed_tokens"

    def get_input_embeddings(self):
        name = self._input_embed_layer
        found = getattr(self, name, None)
        if found is not None:
            return found
        for holder in ("embeddings", "model"):
            inner = getattr(self, holder, None)
            if inner is not None and hasattr(inner, name):
                return getattr(inner, name)
        inner = _archlens_inner_model(self)
        if inner is not None:
            return inner.get_input_embeddings()
        embeddings_not_followed(self)
        return __archlens_unknown__(f"{type(self).__name__}.get_input_embeddings() is not followed")

    def set_input_embeddings(self, value):
        name = self._input_embed_layer
        if hasattr(self, name):
            setattr(self, name, value)
            return
        for holder in ("embeddings", "model"):
            inner = getattr(self, holder, None)
            if inner is not None and hasattr(inner, name):
                setattr(inner, name, value)
                return
        inner = _archlens_inner_model(self)
        if inner is not None:
            inner.set_input_embeddings(value)
            return
        embeddings_not_followed(self)

    # get_encoder / get_decoder as far as a child module of the looked-for names goes; any
    # other way 5.x finds them (properties, the base model's lookup) is not followed.
    def get_encoder(self, modality=None):
        if modality in ("image", "video"):
            names = ("vision_tower", "visual", "vision_model", "vision_encoder", "image_tower")
        elif modality == "audio":
            names = ("audio_tower", "audio_encoder", "speech_encoder")
        elif modality is None:
            names = ("text_encoder", "encoder")
        else:
            raise ValueError(f"Unrecognized modality {modality!r}")
        return _archlens_child_named(self, names, "get_encoder")

    def get_decoder(self):
        return _archlens_child_named(self, ("language_model", "text_model", "decoder", "text_decoder"), "get_decoder")

    def get_output_embeddings(self):
        if "lm_head" in self._modules:
            return self._modules["lm_head"]
        return None

    def set_output_embeddings(self, new_embeddings):
        self.lm_head = new_embeddings

    def resize_token_embeddings(self, new_num_tokens=None, pad_to_multiple_of=None, mean_resizing=True):
        # PreTrainedModel._resize_token_embeddings: a new input Embedding, a new output head of
        # the same kind (always; tie_weights() ties it again), then the config's vocab_size.
        old = self.get_input_embeddings()
        if new_num_tokens is None and pad_to_multiple_of is None:
            return old
        if new_num_tokens is None:
            new_num_tokens = old.weight.shape[0]
        if pad_to_multiple_of is not None:
            new_num_tokens = ((new_num_tokens + pad_to_multiple_of - 1) // pad_to_multiple_of) * pad_to_multiple_of
        if not isinstance(old, nn.Embedding):
            return __archlens_unknown__("resize_token_embeddings() of input embeddings that are no nn.Embedding")
        self.set_input_embeddings(nn.Embedding(new_num_tokens, old.embedding_dim, padding_idx=old.padding_idx))
        head = self.get_output_embeddings()
        if head is not None:
            if isinstance(head, nn.Embedding):
                new_head = nn.Embedding(new_num_tokens, head.embedding_dim)
            elif isinstance(head, nn.Linear):
                new_head = nn.Linear(head.in_features, new_num_tokens, bias=head.bias is not None)
            else:
                new_head = __archlens_unknown__("resize_token_embeddings() of an output head that is no nn.Linear")
            new_head.requires_grad_(head.weight.requires_grad)
            self.set_output_embeddings(new_head)
        self.config.get_text_config().vocab_size = new_num_tokens
        self.vocab_size = new_num_tokens
        self.tie_weights()
        return self.get_input_embeddings()

    # Activation checkpointing only changes how forward runs (and raises for a class that does
    # not support it); input-require-grads hooks mark activations, never parameters.
    def activation_checkpointing_enable(self, activation_checkpointing_kwargs=None, **kwargs):
        if not self.supports_gradient_checkpointing:
            raise ValueError(f"{type(self).__name__} does not support activation checkpointing.")
        for module in self.modules():
            if hasattr(module, "gradient_checkpointing"):
                module.gradient_checkpointing = True

    def gradient_checkpointing_enable(self, gradient_checkpointing_kwargs=None, **kwargs):
        self.activation_checkpointing_enable(gradient_checkpointing_kwargs)

    def activation_checkpointing_disable(self):
        for module in self.modules():
            if hasattr(module, "gradient_checkpointing"):
                module.gradient_checkpointing = False

    def gradient_checkpointing_disable(self):
        self.activation_checkpointing_disable()

    def enable_input_require_grads(self):
        pass

    def disable_input_require_grads(self):
        pass

    def tie_weights(self, missing_keys=None, recompute_mapping=True):
        for target, source in self.all_tied_weights_keys.items():
            _tie(self, target, source)

    @classmethod
    def _from_config(cls, config, **kwargs):
        return cls(config)

    @classmethod
    def from_pretrained(cls, name, *model_args, **kwargs):
        # modeling_utils.PreTrainedModel.from_pretrained as far as the architecture goes: the
        # config (given, or read from the checkpoint's config.json, which must be there
        # either way), then cls(config, *model_args, **unused kwargs); weights change no count.
        config = kwargs.pop("config", None)
        rest, config_dict, why = _archlens_pretrained(cls.__name__, name, kwargs)
        if why is not None:
            return __archlens_unknown__(why)
        if isinstance(config, PreTrainedConfig):
            model_kwargs = rest
        elif config is not None or _archlens_config_class(cls) is None:
            return __archlens_unknown__(f"{cls.__name__}.from_pretrained({name!r}): a config given by name, or no config_class, is not followed")
        else:
            loaded = _archlens_config_class(cls)._archlens_from_config_dict(name, config_dict, True, rest)
            if not isinstance(loaded, tuple):
                return loaded
            config, model_kwargs = loaded
        return cls(config, *model_args, **model_kwargs)


PretrainedModel = PreTrainedModel
