import keras
from keras import layers
class Attention(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
    def build(self, input_shape):
        self.W = self.add_weight(name="att_weight", shape=(input_shape[-1], 1), initializer="normal")
        self.b = self.add_weight(name="att_bias", shape=(input_shape[1], 1), initializer="zeros")
        super().build(input_shape)
    def call(self, x):
        et = keras.ops.squeeze(keras.ops.tanh(keras.ops.matmul(x, self.W) + self.b), axis=-1)
        at = keras.ops.softmax(et)
        at = keras.ops.expand_dims(at, axis=-1)
        output = x * at
        return keras.ops.sum(output, axis=1)
inp = keras.Input((30, 16))
h = layers.GRU(32, return_sequences=True)(inp)
h = Attention()(h)
out = layers.Dense(3, activation="softmax")(h)
model = keras.Model(inp, out)
