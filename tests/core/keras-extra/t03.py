import keras
from keras import layers
inp_a = keras.Input(shape=(32,), name="a")
inp_b = keras.Input(shape=(16,), name="b")
h = layers.concatenate([layers.Dense(8)(inp_a), layers.Dense(8)(inp_b)])
out1 = layers.Dense(1, name="reg")(h)
out2 = layers.Dense(3, activation="softmax", name="cls")(h)
model = keras.Model(inputs={"a": inp_a, "b": inp_b}, outputs={"reg": out1, "cls": out2})
