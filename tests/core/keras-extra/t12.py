from tensorflow.keras.applications import ResNet50, EfficientNetB0
r = ResNet50(weights=None, input_shape=(224, 224, 3), classes=10)
e = EfficientNetB0(include_top=True, weights=None, input_shape=(224, 224, 3))
