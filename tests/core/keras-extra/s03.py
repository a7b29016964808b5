import keras
from keras import layers
def conv_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    return layers.Activation("relu")(x)
inputs = keras.Input(shape=(64, 64, 3))
x = conv_block(inputs, 32)
for f in [64, 128, 256]:
    shortcut = layers.Conv2D(f, 1, strides=2, padding="same")(x)
    x = conv_block(x, f)
    x = layers.SeparableConv2D(f, 3, padding="same")(x)
    x = layers.MaxPooling2D(3, strides=2, padding="same")(x)
    x = layers.add([x, shortcut])
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dropout(0.25)(x)
outputs = layers.Dense(5, activation="softmax")(x)
model = keras.Model(inputs, outputs)
