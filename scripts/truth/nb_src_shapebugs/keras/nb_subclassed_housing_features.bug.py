# %% [markdown]
# # Boston housing regression (subclassed model)

# %%
import numpy as np
import keras
from keras import layers

# %%
class HousingRegressor(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden1 = layers.Dense(64, activation="relu")
        self.hidden2 = layers.Dense(64, activation="relu")
        self.out = layers.Dense(1)

    def call(self, x):
        return self.out(self.hidden2(self.hidden1(x)))

# %%
x_train = np.zeros((64, 13), dtype="float32")
y_train = np.zeros((64,), dtype="float32")
model = HousingRegressor()
model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])
history = model.fit(x_train, y_train, epochs=1, batch_size=16, verbose=0)

# %%
# after dropping the CHAS column
x_test = np.zeros((10, 12), dtype="float32")
y_pred = model.predict(x_test, verbose=0)
