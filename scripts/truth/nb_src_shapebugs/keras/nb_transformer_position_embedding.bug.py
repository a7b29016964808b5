# %% [markdown]
# ## Text classification with a Transformer block

# %%
import keras
from keras import layers, ops

vocab_size = 20000
maxlen = 200
embed_dim = 32

# %%
class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super().__init__()
        self.maxlen = maxlen
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        positions = ops.arange(start=0, stop=self.maxlen, step=1)
        return self.token_emb(x) + self.pos_emb(positions)

# %%
inputs = layers.Input(shape=(maxlen,))
x = TokenAndPositionEmbedding(128, vocab_size, embed_dim)(inputs)
x = layers.MultiHeadAttention(num_heads=2, key_dim=embed_dim)(x, x)
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(2, activation="softmax")(x)
model = keras.Model(inputs=inputs, outputs=outputs)
