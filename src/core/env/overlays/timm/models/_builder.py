# Stand-in text for timm.models._builder (1.x), appended after the installed module ran:
# pretrained weights are never loaded. load_pretrained only fills the built model's tensors
# from a checkpoint (adapting the checkpoint, never the model, to num_classes / in_chans), so
# pretrained=True has the architecture pretrained=False builds with the same arguments.
# Does not: change any other helper of the module, download or read anything.
def load_pretrained(model, *args, **kwargs):
    return None
