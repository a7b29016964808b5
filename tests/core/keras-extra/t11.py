import keras
from keras.applications.resnet50 import preprocess_input
from keras.applications import densenet
inp = keras.Input((32, 32, 3))
x = preprocess_input(inp)
x = keras.layers.Conv2D(4, 3)(x)
m1 = keras.Model(inp, x)
inp2 = keras.Input((32, 32, 3))
y = densenet.preprocess_input(inp2)
y = keras.layers.Flatten()(y)
m2 = keras.Model(inp2, keras.layers.Dense(2)(y))
