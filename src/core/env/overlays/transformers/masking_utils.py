# Stand-in for transformers.masking_utils (transformers 5.x): the attention-mask builders a
# model's forward calls return None, as 5.x does itself when no mask is needed (no padding, a
# kernel that applies causality). A mask only ever broadcasts onto the attention scores, so
# shapes come out as with the real one.
# Does not: build masks, check their shapes, or describe flex-attention block masks.


def _archlens_no_mask(*args, **kwargs):
    return None


create_causal_mask = _archlens_no_mask
create_bidirectional_mask = _archlens_no_mask
create_sliding_window_causal_mask = _archlens_no_mask
create_bidirectional_sliding_window_mask = _archlens_no_mask
create_chunked_causal_mask = _archlens_no_mask
create_recurrent_attention_mask = _archlens_no_mask


def create_masks_for_generate(*args, **kwargs):
    return None
