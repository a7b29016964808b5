import keras
from keras import layers
model = keras.Sequential(name="mlp")
model.add(keras.Input(shape=(4,), batch_size=32))
model.add(layers.Dense(2, activation="relu", name="h1"))
model.add(layers.Dense(3, activation="relu"))
model.add(layers.Dense(4))
model.pop()
model.add(layers.Dense(5))
print(len(model.layers))
copy = keras.Sequential(model.layers[:2])
