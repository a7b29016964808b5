# Stand-in for transformers.utils.import_utils (transformers 5.x): no compilation, no import
# structure.
# Does not: check installed packages or versions.

def is_torchdynamo_compiling():
    return False


def define_import_structure(*args, **kwargs):
    return {}
