# %% [markdown]
# # Temperature forecasting with stacked GRUs

# %%
%matplotlib inline
import numpy as np
import tensorflow as tf
from tensorflow import keras

# %%
lookback, n_features = 120, 14
x_val = np.zeros((32, lookback, n_features), dtype="float32")

# %%
model = keras.Sequential([
    keras.layers.Input(shape=(lookback, n_features)),
    keras.layers.GRU(64, recurrent_dropout=0.25),
    keras.layers.GRU(32),
    keras.layers.Dropout(0.5),
    keras.layers.Dense(1),
])
model.compile(optimizer="rmsprop", loss="mse", metrics=["mae"])

# %%
preds = model.predict(x_val, verbose=0)
preds[:3]
