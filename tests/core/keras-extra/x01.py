import numpy as np
import tensorflow as tf
from tensorflow.keras import layers
embedding_matrix = np.zeros((5000, 100))
model = tf.keras.Sequential([
    layers.Embedding(5000, 100, weights=[embedding_matrix], trainable=False, input_length=50),
    layers.Conv1D(64, 5, activation="relu"),
    layers.GlobalMaxPooling1D(),
    layers.Dense(1, activation=tf.nn.sigmoid),
])
model.build((None, 50))
