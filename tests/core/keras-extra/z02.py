import keras
from keras import layers
maxlen = 100
inp = keras.Input(shape=(maxlen,), dtype="int32")
x = layers.Embedding(20000, 128, mask_zero=True)(inp)
x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(x)
x = layers.Bidirectional(layers.LSTM(64))(x)
x = layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inp, x)
seq = keras.Sequential([layers.Embedding(1000, 8, mask_zero=True), layers.LSTM(4), layers.Dense(1)])
seq.build((None, 20))
