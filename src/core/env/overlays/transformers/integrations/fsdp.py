# Stand-in for transformers.integrations.fsdp (transformers 5.x): FSDP is never enabled.
# Does not: describe FSDP.

def is_fsdp_managed_module(module):
    return False


def is_fsdp_enabled():
    return False
