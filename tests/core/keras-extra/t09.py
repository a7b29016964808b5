import tensorflow as tf
from tensorflow.keras import Model
from tensorflow.keras.layers import Dense, Flatten, Conv2D, Input
inputs = Input(shape=(28, 28))
x = tf.keras.layers.Reshape((28, 28, 1))(inputs)
x = Conv2D(8, 3, activation='relu')(x)
x = tf.keras.layers.MaxPool2D()(x)
x = Flatten()(x)
x = Dense(10, activation='softmax')(x)
model = Model(inputs, x)
model.layers[2].trainable = False
for l in model.layers[3:]:
    l.trainable = False
