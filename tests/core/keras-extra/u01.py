import keras
from keras import layers
keras.backend.set_image_data_format("channels_first")
model = keras.Sequential([keras.Input((3, 32, 32)), layers.Conv2D(8, 3, padding="SAME"), layers.BatchNormalization(axis=1), layers.MaxPooling2D(), layers.GlobalAveragePooling2D(), layers.Dense(2)])
keras.backend.set_image_data_format("channels_last")
m2 = keras.Sequential([keras.Input((32, 32, 3)), layers.Conv2D(8, 3, padding="Same", strides=2), layers.Flatten(), layers.Dense(2)])
