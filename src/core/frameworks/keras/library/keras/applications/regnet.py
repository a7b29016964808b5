# keras.applications of Keras 3.15, as described for ArchLens (not Keras' code); checked against Keras 3.15.1 (fixtures/keras/applications_expected.json).
from keras.applications import RegNetX002, RegNetX004, RegNetX006, RegNetX008, RegNetX016, RegNetX032, RegNetX040, RegNetX064, RegNetX080, RegNetX120, RegNetX160, RegNetX320, RegNetY002, RegNetY004, RegNetY006, RegNetY008, RegNetY016, RegNetY032, RegNetY040, RegNetY064, RegNetY080, RegNetY120, RegNetY160, RegNetY320
from keras._archlens import preprocess as _preprocess, decode_predictions
preprocess_input = _preprocess("none")
