# keras.applications of Keras 3.15, as described for ArchLens (not Keras' code); checked against Keras 3.15.1 (fixtures/keras/applications_expected.json).
from keras.applications import EfficientNetV2B0, EfficientNetV2B1, EfficientNetV2B2, EfficientNetV2B3, EfficientNetV2S, EfficientNetV2M, EfficientNetV2L
from keras._archlens import preprocess as _preprocess, decode_predictions
preprocess_input = _preprocess("none")
