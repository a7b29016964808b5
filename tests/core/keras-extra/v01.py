import keras
from keras import layers
inp = keras.Input((None, None, 3))
x = layers.Conv2D(8, 3, strides=2, padding="same")(inp)
x = layers.BatchNormalization()(x)
x = layers.Conv2D(16, 3)(x)
feat = keras.Model(inp, x, name="feat")
img = keras.Input((64, 64, 3))
y = feat(img)
y = layers.Flatten()(y)
y = layers.Dense(3)(y)
model = keras.Model(img, y)
