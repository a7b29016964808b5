// The stand-ins of timm modules (env/overlays.ts explains the kinds), as a table (the appended
// Python texts are overlays/timm/**.py, bundled as text), for timm 1.x (checked against
// 1.0.31): the model files are read as installed; loading pretrained weights (hub, files,
// checkpoint filters that may call into the model) is replaced by a no-op after the real
// module ran, since weights never change a timm model's structure.
// Does not: describe any model, read files, or load weights.
import { LibraryOverlay, OverlayEntry } from './overlays';
import BUILDER_APPEND from './overlays/timm/models/_builder.py';

const append = (t: string): OverlayEntry => ({ kind: 'append', text: t });

/** timm 1.x: `create_model(name, pretrained=True)` builds what pretrained=False builds. */
export const TIMM_OVERLAY: LibraryOverlay = {
  package: 'timm',
  versions: /^1\./,
  versionModule: 'timm.version',
  modules: new Map<string, OverlayEntry>([
    ['timm.models._builder', append(BUILDER_APPEND)]
  ])
};
