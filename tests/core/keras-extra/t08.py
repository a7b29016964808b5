import keras
from keras import layers, ops
inputs = keras.Input(shape=(None, 8))
x = layers.Conv1D(16, 3, padding="same")(inputs)
x = layers.LayerNormalization()(x)
x = layers.GRU(12, return_sequences=True)(x)
att = layers.Dense(1)(x)
att = ops.softmax(att, axis=1)
ctx = ops.sum(x * att, axis=1)
out = layers.Dense(2)(ctx)
model = keras.Model(inputs, out)
