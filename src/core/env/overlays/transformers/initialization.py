# Stand-in for transformers.initialization (transformers 5.x): the weight initializers that
# model files call in __init__ (ViT-MAE's fixed sin-cos position embeddings, ...). They fill
# values in place under no_grad and return the tensor: shapes and requires_grad stay as they are.
# Does not: track values, or describe the loading-time guards (no_init_weights, ...).


def _archlens_filled(tensor, *args, **kwargs):
    return tensor


uniform_ = _archlens_filled
normal_ = _archlens_filled
constant_ = _archlens_filled
ones_ = _archlens_filled
zeros_ = _archlens_filled
eye_ = _archlens_filled
dirac_ = _archlens_filled
xavier_uniform_ = _archlens_filled
xavier_normal_ = _archlens_filled
kaiming_uniform_ = _archlens_filled
kaiming_normal_ = _archlens_filled
trunc_normal_ = _archlens_filled
orthogonal_ = _archlens_filled
sparse_ = _archlens_filled
copy_ = _archlens_filled
lecun_normal_ = _archlens_filled
default_flax_embed_init_ = _archlens_filled
