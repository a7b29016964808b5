# torchvision 0.14, as described for ArchLens (not torchvision's code); checked against torchvision 0.14.1 (fixtures/torch/torchvision_expected.json).
from torchvision.transforms import ToTensor, PILToTensor, Compose, _ImageClassification


def _tensorises(t):
    if isinstance(t, (ToTensor, PILToTensor, _ImageClassification)):
        return True
    if isinstance(t, Compose):
        return any(_tensorises(x) for x in t.transforms)
    return False


class _ImageDataset:
    _shape = None

    def __init__(self, root=None, train=True, transform=None, target_transform=None, download=False, split=None, **kwargs):
        self.transform = transform
        self.__archlens_sample__ = None
        if transform is not None and _tensorises(transform):
            self.__archlens_sample__ = transform(self._shape)


class MNIST(_ImageDataset):
    _shape = (1, 28, 28)


class FashionMNIST(_ImageDataset):
    _shape = (1, 28, 28)


class KMNIST(_ImageDataset):
    _shape = (1, 28, 28)


class CIFAR10(_ImageDataset):
    _shape = (3, 32, 32)


class CIFAR100(_ImageDataset):
    _shape = (3, 32, 32)


class SVHN(_ImageDataset):
    _shape = (3, 32, 32)


class STL10(_ImageDataset):
    _shape = (3, 96, 96)
