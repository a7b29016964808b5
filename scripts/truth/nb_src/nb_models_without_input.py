# %% [markdown]
# Model definitions only: this notebook is imported by the training notebook.

# %%
import torch
import torch.nn as nn
from torch.nn import Linear, Conv2d, functional as F

# %%
class Encoder(nn.Module):
    def __init__(self, in_ch=3, base=32, n_down=3):
        super().__init__()
        layers = []
        ch = in_ch
        for i in range(n_down):
            out = base * 2 ** i
            layers += [Conv2d(ch, out, 4, 2, 1), nn.LeakyReLU(0.2)]
            ch = out
        self.net = nn.Sequential(*layers)
        self.out_channels = ch

    def forward(self, x):
        return self.net(x)

# %%
class Classifier(nn.Module):
    def __init__(self, encoder, n_classes=5):
        super().__init__()
        self.encoder = encoder
        self.fc = Linear(encoder.out_channels, n_classes)

    def forward(self, x):
        return self.fc(F.adaptive_avg_pool2d(self.encoder(x), 1).flatten(1))

# %%
enc = Encoder(base=16, n_down=4)
clf = Classifier(enc, n_classes=3)
standalone_encoder = Encoder()

# %%
rnn_lm = nn.LSTM(input_size=300, hidden_size=512, num_layers=2, bidirectional=True, batch_first=True)
gru_proj = nn.GRU(64, 64, num_layers=3, bias=False)
mha = nn.MultiheadAttention(embed_dim=256, num_heads=8, kdim=128, vdim=64)
transformer = nn.Transformer(d_model=64, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=128)
