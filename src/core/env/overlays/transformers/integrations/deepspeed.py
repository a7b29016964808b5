# Stand-in for transformers.integrations.deepspeed (transformers 5.x): ZeRO-3 is never enabled.
# Does not: describe DeepSpeed.

def is_deepspeed_zero3_enabled():
    return False
