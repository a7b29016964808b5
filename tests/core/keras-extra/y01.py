import keras
from keras import layers
inputs = keras.Input((160, 160, 3))
base = keras.applications.ResNet50V2(include_top=False, weights=None, input_tensor=inputs, pooling="avg")
x = layers.Dropout(0.3)(base.output)
out = layers.Dense(5)(x)
model = keras.Model(inputs, out)
top = keras.applications.VGG16(weights=None)
m2 = keras.Model(top.input, top.output)
