import keras
from keras import layers
class ResBlock(keras.layers.Layer):
    def __init__(self, filters, **kwargs):
        super().__init__(**kwargs)
        self.c1 = layers.Conv2D(filters, 3, padding="same")
        self.b1 = layers.BatchNormalization()
        self.c2 = layers.Conv2D(filters, 3, padding="same")
        self.b2 = layers.BatchNormalization()
    def call(self, x, training=False):
        y = keras.activations.relu(self.b1(self.c1(x), training=training))
        y = self.b2(self.c2(y), training=training)
        return keras.activations.relu(x + y)
class Net(keras.Model):
    def __init__(self, n_blocks=3):
        super().__init__()
        self.stem = layers.Conv2D(32, 3, padding="same")
        self.blocks = [ResBlock(32) for _ in range(n_blocks)]
        self.pool = layers.GlobalAveragePooling2D()
        self.head = layers.Dense(10)
    def call(self, x, training=False):
        x = self.stem(x)
        for b in self.blocks:
            x = b(x, training=training)
        return self.head(self.pool(x))
net = Net()
net.build((None, 32, 32, 3))
net2 = Net(2)
y = net2(keras.Input((32, 32, 3)))
