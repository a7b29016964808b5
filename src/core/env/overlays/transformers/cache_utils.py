# Stand-in for transformers.cache_utils (transformers 5.x): key/value caches as a model's first
# forward sees them: empty (length 0), and each layer's update returns the states it was given.
# What a cache holds after a forward filled it (its length, a second update of a layer, the
# layers' tensors) is unknown; a StaticCache (padded to its maximum length) is not followed.
# Does not: store tensors, grow, offload, quantize, or describe the cache layers' classes.


class Cache:
    is_compileable = False

    def __init__(self, *args, **kwargs):
        self._archlens_filled = {}

    def get_seq_length(self, layer_idx=0):
        if len(self._archlens_filled) > 0:
            return __archlens_unknown__("the length of a cache a forward has filled is not followed")
        return 0

    def update(self, key_states, value_states, layer_idx, *args, **kwargs):
        if layer_idx in self._archlens_filled:
            return __archlens_unknown__("a cache layer updated twice is not followed")
        self._archlens_filled[layer_idx] = True
        return key_states, value_states

    @property
    def layers(self):
        return __archlens_unknown__("the layers of a cache are not followed")


class DynamicCache(Cache):
    pass


class StaticCache(Cache):
    def get_seq_length(self, layer_idx=0):
        return __archlens_unknown__("a StaticCache is not followed")

    def update(self, key_states, value_states, layer_idx, *args, **kwargs):
        return __archlens_unknown__("a StaticCache is not followed")


class EncoderDecoderCache(Cache):
    def __init__(self, self_attention_cache=None, cross_attention_cache=None, *args, **kwargs):
        super().__init__()
        self.self_attention_cache = self_attention_cache if self_attention_cache is not None else DynamicCache()
        self.cross_attention_cache = cross_attention_cache if cross_attention_cache is not None else DynamicCache()
        self.is_updated = {}

    def get_seq_length(self, layer_idx=0):
        return self.self_attention_cache.get_seq_length(layer_idx)
