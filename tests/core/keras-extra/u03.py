import keras
from keras import layers
inputs = keras.Input(shape=(20,))
x = inputs
skips = []
for units in [64, 32, 16]:
    x = layers.Dense(units, activation="relu")(x)
    skips.append(x)
x = layers.Concatenate()(skips)
x = layers.Dense(1)(x)
model = keras.Model(inputs, x)
shared = layers.Dense(4)
a = keras.Input((3,)); b = keras.Input((3,))
m_a = keras.Model(a, shared(a))
m_b = keras.Model(b, shared(b))
both = keras.Model([a, b], [m_a(a), m_b(b)])
