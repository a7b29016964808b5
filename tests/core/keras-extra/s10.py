import keras
from keras import layers
base = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(32)])
inp = keras.Input((16,))
h = base(inp)
h = layers.BatchNormalization(center=False)(h)
h = layers.LeakyReLU(0.2)(h)
h = layers.Dense(8, kernel_regularizer=keras.regularizers.l2(1e-4))(h)
model = keras.Model(inp, h)
model.get_layer(index=1).trainable = False
