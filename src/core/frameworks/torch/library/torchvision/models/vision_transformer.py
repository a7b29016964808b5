# torchvision 0.14, as described for ArchLens (not torchvision's code); checked against torchvision 0.14.1 (fixtures/torch/torchvision_expected.json).
from torchvision.models import *
