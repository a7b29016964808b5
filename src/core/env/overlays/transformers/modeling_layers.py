# Stand-in for transformers.modeling_layers (transformers 5.x): GradientCheckpointingLayer as a
# plain nn.Module.
# Does not: checkpoint anything or describe the generic task heads of the real module.

from torch import nn


class GradientCheckpointingLayer(nn.Module):
    gradient_checkpointing = False
