import tensorflow as tf
inputs = tf.keras.Input(shape=(None,), dtype="int64")
x = tf.keras.layers.Embedding(5000, 64, mask_zero=True)(inputs)
x = tf.keras.layers.GRU(64, return_sequences=True)(x)
x = tf.keras.layers.GRU(32)(x)
x = tf.keras.layers.Dense(1)(x)
model = tf.keras.Model(inputs, x)
lstm = tf.keras.Sequential([tf.keras.layers.LSTM(32, input_shape=(10, 8)), tf.keras.layers.Dense(1)])
conv1d = tf.keras.Sequential([
  tf.keras.layers.Conv1D(64, 3, activation="relu", input_shape=(100, 1)),
  tf.keras.layers.MaxPooling1D(2),
  tf.keras.layers.Conv1D(32, 3, activation="relu", padding="causal", dilation_rate=2),
  tf.keras.layers.GlobalMaxPooling1D(),
  tf.keras.layers.Dense(3)])
