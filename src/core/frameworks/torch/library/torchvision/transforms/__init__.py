# torchvision 0.14, as described for ArchLens (not torchvision's code); checked against torchvision 0.14.1 (fixtures/torch/torchvision_expected.json).
def _size2(size):
    if isinstance(size, int):
        return None
    if len(size) == 1:
        return (size[0], size[0])
    return (size[0], size[1])


class _ImageClassification:
    """What a weights enum's transforms() gives (torchvision.transforms._presets): resize, centre
    crop to crop_size, to a float tensor, normalise; the channels are kept."""
    def __init__(self, crop_size):
        self.crop_size = crop_size

    def __call__(self, shape):
        return (shape[0], self.crop_size, self.crop_size)


class _Keep:
    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, shape):
        return shape


class ToTensor(_Keep):
    pass


class PILToTensor(_Keep):
    pass


class Normalize(_Keep):
    pass


class RandomHorizontalFlip(_Keep):
    pass


class RandomVerticalFlip(_Keep):
    pass


class RandomRotation(_Keep):
    pass


class ColorJitter(_Keep):
    pass


class RandomErasing(_Keep):
    pass


class Lambda:
    def __init__(self, fn):
        self.fn = fn

    def __call__(self, shape):
        return None


class Compose:
    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, shape):
        for t in self.transforms:
            if shape is None:
                return None
            shape = t(shape)
        return shape


class Resize:
    def __init__(self, size, *args, **kwargs):
        self.size = size

    def __call__(self, shape):
        if isinstance(self.size, int):
            if shape[1] == shape[2]:
                return (shape[0], self.size, self.size)
            return None
        hw = _size2(self.size)
        return (shape[0], hw[0], hw[1])


class CenterCrop:
    def __init__(self, size):
        self.size = size

    def __call__(self, shape):
        if isinstance(self.size, int):
            return (shape[0], self.size, self.size)
        hw = _size2(self.size)
        return (shape[0], hw[0], hw[1])


class RandomCrop(CenterCrop):
    def __init__(self, size, padding=None, *args, **kwargs):
        self.size = size


class RandomResizedCrop(CenterCrop):
    def __init__(self, size, *args, **kwargs):
        self.size = size


class Grayscale:
    def __init__(self, num_output_channels=1):
        self.n = num_output_channels

    def __call__(self, shape):
        return (self.n, shape[1], shape[2])
