// The stand-ins of torchvision modules (env/overlays.ts explains the kinds), as data, for the
// torchvision versions with the weights API (0.13 and later; checked against 0.29.1): the
// model files (resnet.py, vision_transformer.py, detection/...) are read as installed, while
// the helpers around them that need Python's runtime (`inspect.signature` in the legacy
// `pretrained=` decorator, downloading a state dict) are replaced after the real module ran.
// Modules that only register compiled operators, CUDA checks, ONNX symbolics or read images
// and datasets build no network: they are opaque (what comes from them is unknown).
// Does not: describe any model, read files, or load weights.
import { LibraryOverlay, OverlayEntry } from './overlays';

const OPAQUE: OverlayEntry = { kind: 'opaque' };
const append = (t: string): OverlayEntry => ({ kind: 'append', text: t });

/** torchvision 0.13+: the weights API (`weights=`, `*_Weights` enums) and `register_model`. */
export const TORCHVISION_OVERLAY: LibraryOverlay = {
  package: 'torchvision',
  versions: /^0\.(1[3-9]|[2-9]\d)(\.|$)/,
  versionModule: 'torchvision.version',
  modules: new Map<string, OverlayEntry>([
    // Keyword-only builders also took positional arguments (found by inspect.signature): the
    // builders are called as written, a positional \`pretrained\` stays unknown. The legacy
    // \`pretrained=True\` keyword means the default weights (their meta sets num_classes).
    ['torchvision.models._utils', append(`
def kwonly_to_pos_or_kw(fn):
    return fn


def handle_legacy_interface(**weights):
    def outer_wrapper(builder):
        @functools.wraps(builder)
        def inner_wrapper(*args, **kwargs):
            for weights_param, (pretrained_param, default) in weights.items():
                if pretrained_param not in kwargs:
                    continue
                if weights_param in kwargs:
                    weights_arg = kwargs[weights_param]
                    if weights_arg is None or isinstance(weights_arg, WeightsEnum) or (isinstance(weights_arg, str) and weights_arg != "legacy"):
                        continue
                pretrained_arg = kwargs[pretrained_param]
                if pretrained_arg:
                    default_weights_arg = default(kwargs) if callable(default) else default
                    if default_weights_arg is None:
                        raise ValueError(f"No weights available for model {builder.__name__}")
                else:
                    default_weights_arg = None
                del kwargs[pretrained_param]
                kwargs[weights_param] = default_weights_arg
            return builder(*args, **kwargs)

        return inner_wrapper

    return outer_wrapper
`)],
    // Weights are never loaded: a state dict is what the model already has (counts do not
    // change), so load_state_dict(weights.get_state_dict(...)) keeps the built model; a
    // weights name ("DEFAULT", "ResNet50_Weights.IMAGENET1K_V2") is the enum's attribute.
    ['torchvision.models._api', append(`
def load_state_dict_from_url(*args, **kwargs):
    return {}


class WeightsEnum(Enum):
    @classmethod
    def verify(cls, obj):
        if obj is not None and type(obj) is str:
            obj = getattr(cls, obj.replace(cls.__name__ + ".", ""))
        return obj

    def get_state_dict(self, *args, **kwargs):
        return {}

    @property
    def url(self):
        return self.value.url

    @property
    def transforms(self):
        return self.value.transforms

    @property
    def meta(self):
        return self.value.meta
`)],
    // Usage logging (inactive unless a logger is subscribed): nothing a model holds.
    ['torchvision.utils', append(`
def _log_api_usage_once(obj):
    return None
`)],
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
