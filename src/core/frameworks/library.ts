// Framework libraries described as Python source, by the relative path an import resolves to
// (`torchvision/models.py`, `keras/applications/__init__.py` ...). The analyzer's module
// loader looks here before local files, so `from torchvision.models import resnet18` is read
// like a file next to the notebook; the Keras host routes `keras.applications` (and
// tf.keras.applications) here too.
// Does not: run anything or contain framework logic itself; each library lives in its file.
import { LIBRARY_FILES as TORCHVISION_FILES } from './torch/library/torchvision';
import { LIBRARY_FILES as KERAS_APPLICATIONS_FILES } from './keras/library/applications';

export const LIBRARY_FILES: ReadonlyMap<string, string> = new Map<string, string>([...TORCHVISION_FILES, ...KERAS_APPLICATIONS_FILES]);
