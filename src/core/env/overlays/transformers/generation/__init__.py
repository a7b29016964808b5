# Stand-in for transformers.generation (transformers 5.x): GenerationMixin as an empty base
# class (it adds no parameters).
# Does not: describe generation, logits processors or caches.

class GenerationMixin:
    pass
