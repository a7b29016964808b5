// keras.applications as data: Python files (keras/applications/**.py, bundled as text)
// describing the ImageNet applications (VGG, ResNet / ResNetV2, MobileNet V1-V3, EfficientNet
// B0-B7 and V2, DenseNet, Xception, InceptionV3, InceptionResNetV2, NASNet, ConvNeXt) with
// Keras' own layer names, order and auto-named layers, so the interpreter builds the same
// functional model as real Keras 3 for any arguments: `base.get_layer('conv5_block3_out')`,
// `base.output`, `base.layers[...]` and the summary rows match. Written for ArchLens from the
// published architectures (not Keras' code). Helpers come from the Keras host
// (`keras._archlens`): `app` wraps each constructor (the user's call site for diagnostics),
// `refuse` reports what Keras would raise (an error, no numbers), `unknown` gives up (null
// with the reason), `note` adds an info note. weights= never changes parameter counts
// (EfficientNet B0-B7 add one Rescaling row for 'imagenet', as Keras does). NASNet is
// described as Keras builds it with TensorFlow / JAX (Keras 3 refuses it with the torch
// backend: an info note says so). Each submodule (keras.applications.resnet50, ...) exports
// its constructors and preprocess_input. Each file's first line says which Keras it describes.
// Does not: describe channels_first, ResNetRS or RegNet (listed, null + reason).
import keras_applications from './keras/applications/__init__.py';
import keras_applications_convnext from './keras/applications/convnext.py';
import keras_applications_densenet from './keras/applications/densenet.py';
import keras_applications_efficientnet from './keras/applications/efficientnet.py';
import keras_applications_efficientnet_v2 from './keras/applications/efficientnet_v2.py';
import keras_applications_imagenet_utils from './keras/applications/imagenet_utils.py';
import keras_applications_inception_resnet_v2 from './keras/applications/inception_resnet_v2.py';
import keras_applications_inception_v3 from './keras/applications/inception_v3.py';
import keras_applications_mobilenet from './keras/applications/mobilenet.py';
import keras_applications_mobilenet_v2 from './keras/applications/mobilenet_v2.py';
import keras_applications_mobilenet_v3 from './keras/applications/mobilenet_v3.py';
import keras_applications_nasnet from './keras/applications/nasnet.py';
import keras_applications_regnet from './keras/applications/regnet.py';
import keras_applications_resnet from './keras/applications/resnet.py';
import keras_applications_resnet50 from './keras/applications/resnet50.py';
import keras_applications_resnet_rs from './keras/applications/resnet_rs.py';
import keras_applications_resnet_v2 from './keras/applications/resnet_v2.py';
import keras_applications_vgg16 from './keras/applications/vgg16.py';
import keras_applications_vgg19 from './keras/applications/vgg19.py';
import keras_applications_xception from './keras/applications/xception.py';

/** The files, by the path an import resolves to (`from keras.applications import ResNet50` reads keras/applications/__init__.py). */
export const LIBRARY_FILES: ReadonlyMap<string, string> = new Map<string, string>([
  ['keras/applications/__init__.py', keras_applications],
  ['keras/applications/convnext.py', keras_applications_convnext],
  ['keras/applications/densenet.py', keras_applications_densenet],
  ['keras/applications/efficientnet.py', keras_applications_efficientnet],
  ['keras/applications/efficientnet_v2.py', keras_applications_efficientnet_v2],
  ['keras/applications/imagenet_utils.py', keras_applications_imagenet_utils],
  ['keras/applications/inception_resnet_v2.py', keras_applications_inception_resnet_v2],
  ['keras/applications/inception_v3.py', keras_applications_inception_v3],
  ['keras/applications/mobilenet.py', keras_applications_mobilenet],
  ['keras/applications/mobilenet_v2.py', keras_applications_mobilenet_v2],
  ['keras/applications/mobilenet_v3.py', keras_applications_mobilenet_v3],
  ['keras/applications/nasnet.py', keras_applications_nasnet],
  ['keras/applications/regnet.py', keras_applications_regnet],
  ['keras/applications/resnet.py', keras_applications_resnet],
  ['keras/applications/resnet50.py', keras_applications_resnet50],
  ['keras/applications/resnet_rs.py', keras_applications_resnet_rs],
  ['keras/applications/resnet_v2.py', keras_applications_resnet_v2],
  ['keras/applications/vgg16.py', keras_applications_vgg16],
  ['keras/applications/vgg19.py', keras_applications_vgg19],
  ['keras/applications/xception.py', keras_applications_xception]
]);
