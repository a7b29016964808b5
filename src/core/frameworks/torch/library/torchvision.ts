// torchvision as data: Python files (torchvision/**.py, bundled as text) describing the
// classic architectures (ResNet, VGG, AlexNet, MobileNet V2/V3, SqueezeNet, DenseNet,
// EfficientNet, ViT, ConvNeXt, GoogLeNet, Inception, MNASNet, ShuffleNet), the transforms'
// effect on a sample's shape and the image datasets' sample shapes, with torchvision's
// attribute names, so the interpreter builds the same module tree as
// `torchvision.models.resnet18()` without running anything. Written for ArchLens from the
// published architectures (not torchvision's code). Pretrained weights never change parameter
// counts, so `weights=` / `pretrained=` are ignored. Each file's first line says which
// torchvision it describes. torchvision.models.<arch> submodules re-export the package.
// Does not: cover every torchvision model; others stay unknown (null totals, never a guess).
import torchvision from './torchvision/__init__.py';
import torchvision_datasets from './torchvision/datasets/__init__.py';
import torchvision_models from './torchvision/models/__init__.py';
import torchvision_models_alexnet from './torchvision/models/alexnet.py';
import torchvision_models_convnext from './torchvision/models/convnext.py';
import torchvision_models_densenet from './torchvision/models/densenet.py';
import torchvision_models_efficientnet from './torchvision/models/efficientnet.py';
import torchvision_models_googlenet from './torchvision/models/googlenet.py';
import torchvision_models_inception from './torchvision/models/inception.py';
import torchvision_models_mnasnet from './torchvision/models/mnasnet.py';
import torchvision_models_mobilenet from './torchvision/models/mobilenet.py';
import torchvision_models_mobilenetv2 from './torchvision/models/mobilenetv2.py';
import torchvision_models_mobilenetv3 from './torchvision/models/mobilenetv3.py';
import torchvision_models_resnet from './torchvision/models/resnet.py';
import torchvision_models_shufflenetv2 from './torchvision/models/shufflenetv2.py';
import torchvision_models_squeezenet from './torchvision/models/squeezenet.py';
import torchvision_models_vgg from './torchvision/models/vgg.py';
import torchvision_models_vision_transformer from './torchvision/models/vision_transformer.py';
import torchvision_transforms from './torchvision/transforms/__init__.py';

/** The files, by the path an import resolves to (`from torchvision.models import resnet18` reads torchvision/models/__init__.py). */
export const LIBRARY_FILES: ReadonlyMap<string, string> = new Map<string, string>([
  ['torchvision/__init__.py', torchvision],
  ['torchvision/datasets/__init__.py', torchvision_datasets],
  ['torchvision/models/__init__.py', torchvision_models],
  ['torchvision/models/alexnet.py', torchvision_models_alexnet],
  ['torchvision/models/convnext.py', torchvision_models_convnext],
  ['torchvision/models/densenet.py', torchvision_models_densenet],
  ['torchvision/models/efficientnet.py', torchvision_models_efficientnet],
  ['torchvision/models/googlenet.py', torchvision_models_googlenet],
  ['torchvision/models/inception.py', torchvision_models_inception],
  ['torchvision/models/mnasnet.py', torchvision_models_mnasnet],
  ['torchvision/models/mobilenet.py', torchvision_models_mobilenet],
  ['torchvision/models/mobilenetv2.py', torchvision_models_mobilenetv2],
  ['torchvision/models/mobilenetv3.py', torchvision_models_mobilenetv3],
  ['torchvision/models/resnet.py', torchvision_models_resnet],
  ['torchvision/models/shufflenetv2.py', torchvision_models_shufflenetv2],
  ['torchvision/models/squeezenet.py', torchvision_models_squeezenet],
  ['torchvision/models/vgg.py', torchvision_models_vgg],
  ['torchvision/models/vision_transformer.py', torchvision_models_vision_transformer],
  ['torchvision/transforms/__init__.py', torchvision_transforms]
]);
