// The stand-ins of library modules (env/overlays.ts explains the kinds), as a table: for
// transformers 5.x, which modules are Python stand-ins (overlays/transformers/**.py, bundled as
// text: the base classes PreTrainedConfig and PreTrainedModel as far as a model's structure
// depends on them, identity decorators, no-op loggers), which are opaque (machinery that only
// serves forward passes, caches, the hub or generation: what comes from it is unknown, never
// guessed) and which are read for their TYPE_CHECKING imports only (the lazy package). The
// model files themselves (modeling_bert.py, ...) and plain helpers (activations.py,
// pytorch_utils.py, modeling_rope_utils.py) are read as installed.
// Does not: describe any model, read files, or run anything.
import { TORCHVISION_OVERLAY } from './overlay-torchvision';
import { TIMM_OVERLAY } from './overlay-timm';
import { LibraryOverlay, OverlayEntry, OverlaySet } from './overlays';
import CACHE_UTILS from './overlays/transformers/cache_utils.py';
import CONFIGURATION_UTILS from './overlays/transformers/configuration_utils.py';
import GENERATION from './overlays/transformers/generation/__init__.py';
import INITIALIZATION from './overlays/transformers/initialization.py';
import INTEGRATIONS from './overlays/transformers/integrations/__init__.py';
import MASKING_UTILS from './overlays/transformers/masking_utils.py';
import DEEPSPEED from './overlays/transformers/integrations/deepspeed.py';
import FSDP from './overlays/transformers/integrations/fsdp.py';
import MODELING_LAYERS from './overlays/transformers/modeling_layers.py';
import MODELING_UTILS from './overlays/transformers/modeling_utils.py';
import AUTO_FACTORY from './overlays/transformers/models/auto/auto_factory.py';
import CONFIGURATION_AUTO from './overlays/transformers/models/auto/configuration_auto.py';
import UTILS from './overlays/transformers/utils/__init__.py';
import DEPRECATION from './overlays/transformers/utils/deprecation.py';
import GENERIC from './overlays/transformers/utils/generic.py';
import IMPORT_UTILS from './overlays/transformers/utils/import_utils.py';
import LOGGING from './overlays/transformers/utils/logging.py';
import OUTPUT_CAPTURING from './overlays/transformers/utils/output_capturing.py';

const text = (t: string): OverlayEntry => ({ kind: 'text', text: t });
const OPAQUE: OverlayEntry = { kind: 'opaque' };

export const TRANSFORMERS_OVERLAY: LibraryOverlay = {
  package: 'transformers',
  versions: /^5\./,
  modules: new Map<string, OverlayEntry>([
    ['transformers', { kind: 'type-checking' }],
    ['transformers.utils', text(UTILS)],
    ['transformers.utils.logging', text(LOGGING)],
    ['transformers.utils.generic', text(GENERIC)],
    ['transformers.utils.output_capturing', text(OUTPUT_CAPTURING)],
    ['transformers.utils.deprecation', text(DEPRECATION)],
    ['transformers.utils.import_utils', text(IMPORT_UTILS)],
    ['transformers.integrations', text(INTEGRATIONS)],
    ['transformers.integrations.hub_kernels', text(INTEGRATIONS)],
    ['transformers.integrations.deepspeed', text(DEEPSPEED)],
    ['transformers.integrations.fsdp', text(FSDP)],
    ['transformers.generation', text(GENERATION)],
    ['transformers.configuration_utils', text(CONFIGURATION_UTILS)],
    ['transformers.modeling_utils', text(MODELING_UTILS)],
    ['transformers.modeling_layers', text(MODELING_LAYERS)],
    ['transformers.initialization', text(INITIALIZATION)],
    ['transformers.masking_utils', text(MASKING_UTILS)],
    ['transformers.cache_utils', text(CACHE_UTILS)],
    ['transformers.models.auto.auto_factory', text(AUTO_FACTORY)],
    ['transformers.models.auto.configuration_auto', text(CONFIGURATION_AUTO)],
    ['transformers.dynamic_module_utils', OPAQUE],
    // Tokenizers, processors and image/video/audio preprocessing: no parameters.
    ['transformers.models.auto.tokenization_auto', OPAQUE],
    ['transformers.models.auto.processing_auto', OPAQUE],
    ['transformers.models.auto.image_processing_auto', OPAQUE],
    ['transformers.models.auto.video_processing_auto', OPAQUE],
    ['transformers.models.auto.feature_extraction_auto', OPAQUE],
    ['transformers.image_utils', OPAQUE],
    ['transformers.image_transforms', OPAQUE],
    ['transformers.image_processing_utils', OPAQUE],
    ['transformers.image_processing_base', OPAQUE],
    ['transformers.video_utils', OPAQUE],
    ['transformers.feature_extraction_utils', OPAQUE],
    ['transformers.feature_extraction_sequence_utils', OPAQUE],
    ['transformers.audio_utils', OPAQUE],
    // Forward passes, caches, masks, outputs, loading and the hub: not read.
    ['transformers.processing_utils', OPAQUE],
    ['transformers.modeling_flash_attention_utils', OPAQUE],
    ['transformers.distributed', OPAQUE],
    ['transformers.distributed.utils', OPAQUE],
    ['transformers.dependency_versions_check', OPAQUE],
    ['transformers.tokenization_utils_base', OPAQUE],
    ['transformers.tokenization_python', OPAQUE],
    ['transformers.tokenization_utils_tokenizers', OPAQUE],
    ['transformers.tokenization_utils_sentencepiece', OPAQUE]
  ])
};

/** Every stand-in the analyzer knows. */
export const LIBRARY_OVERLAYS = new OverlaySet([TRANSFORMERS_OVERLAY, TORCHVISION_OVERLAY, TIMM_OVERLAY]);
