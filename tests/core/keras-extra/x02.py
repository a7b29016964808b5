import keras
from keras import layers
def residual_block(x, filters, stride=1):
    shortcut = x
    if stride != 1 or x.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=stride, use_bias=False)(x)
        shortcut = layers.BatchNormalization()(shortcut)
    x = layers.Conv2D(filters, 3, strides=stride, padding="same", use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.DepthwiseConv2D(3, padding="same", depth_multiplier=2)(x)
    x = layers.Conv2D(filters, 1, groups=2)(x)
    x = layers.BatchNormalization(momentum=0.9)(x)
    x = layers.add([x, shortcut])
    return layers.Activation("relu")(x)
inputs = keras.Input(shape=(None, None, 3))
x = layers.Conv2D(16, 3, padding="same")(inputs)
for f, s in [(16, 1), (32, 2), (64, 2)]:
    x = residual_block(x, f, s)
x = layers.GlobalAveragePooling2D(keepdims=True)(x)
x = layers.Flatten()(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs, outputs)
