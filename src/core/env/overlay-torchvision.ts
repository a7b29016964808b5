// The stand-ins of torchvision modules (env/overlays.ts explains the kinds), as a table (the
// appended Python texts are overlays/torchvision/**.py, bundled as text), for the
// torchvision versions with the weights API (0.13 and later; checked against 0.29.1): the
// model files (resnet.py, vision_transformer.py, detection/...) are read as installed, while
// the helpers around them that need Python's runtime (`inspect.signature` in the legacy
// `pretrained=` decorator, downloading a state dict) are replaced after the real module ran.
// Modules that only register compiled operators, CUDA checks, ONNX symbolics or read images
// and datasets build no network: they are opaque (what comes from them is unknown).
// Does not: describe any model, read files, or load weights.
import { LibraryOverlay, OverlayEntry } from './overlays';
import UTILS_APPEND from './overlays/torchvision/models/_utils.py';
import API_APPEND from './overlays/torchvision/models/_api.py';
import UTILS_LOG_APPEND from './overlays/torchvision/utils.py';

const OPAQUE: OverlayEntry = { kind: 'opaque' };
const append = (t: string): OverlayEntry => ({ kind: 'append', text: t });

/** torchvision 0.13+: the weights API (`weights=`, `*_Weights` enums) and `register_model`. */
export const TORCHVISION_OVERLAY: LibraryOverlay = {
  package: 'torchvision',
  versions: /^0\.(1[3-9]|[2-9]\d)(\.|$)/,
  versionModule: 'torchvision.version',
  modules: new Map<string, OverlayEntry>([
    // Keyword-only builders also took positional arguments (found by inspect.signature): the
    // builders are called as written, a positional `pretrained` stays unknown. The legacy
    // `pretrained=True` keyword means the default weights (their meta sets num_classes).
    ['torchvision.models._utils', append(UTILS_APPEND)],
    // Weights are never loaded: a state dict is what the model already has (counts do not
    // change), so load_state_dict(weights.get_state_dict(...)) keeps the built model; a
    // weights name ("DEFAULT", "ResNet50_Weights.IMAGENET1K_V2") is the enum's attribute.
    ['torchvision.models._api', append(API_APPEND)],
    // Usage logging (inactive unless a logger is subscribed): nothing a model holds.
    ['torchvision.utils', append(UTILS_LOG_APPEND)],
    ['torchvision.extension', OPAQUE],
    ['torchvision._meta_registrations', OPAQUE],
    ['torchvision._autograd_registrations', OPAQUE],
    ['torchvision._internally_replaced_utils', OPAQUE],
    ['torchvision.ops._register_onnx_ops', OPAQUE],
    // Image kernels of the transforms (PIL and tensor pixels): 46 KB read at every import.
    ['torchvision.transforms._functional_pil', OPAQUE],
    ['torchvision.transforms._functional_tensor', OPAQUE],
    ['torchvision.datasets', OPAQUE],
    ['torchvision.io', OPAQUE]
  ])
};
