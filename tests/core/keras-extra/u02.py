import keras
from keras import layers
class Encoder(keras.Model):
    def __init__(self, latent):
        super().__init__()
        self.net = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(latent)])
    def call(self, x):
        return self.net(x)
class AE(keras.Model):
    def __init__(self):
        super().__init__()
        self.enc = Encoder(8)
        self.dec = keras.Sequential([layers.Dense(64, activation="relu"), layers.Dense(32)])
    def call(self, x):
        return self.dec(self.enc(x))
ae = AE()
ae(keras.ops.zeros((4, 32)))
ae.enc.trainable = False
