// Warm-up of a fresh scan worker: a small synthetic notebook (the constructs tutorial code is
// made of: PyTorch classes with residual blocks, Sequential, ModuleList, a dataclass config,
// attention, a training loop; a Keras Sequential and functional model) analysed a few times
// before the worker takes files. V8 compiles the parser walk, the interpreter and the IR build
// while doing so, so the first real files are not read by cold code: cold, a 200-line
// transformer took ~1.1 s instead of ~0.3 s under load, close to the core's 2 s wall budget,
// and the result of a file must not depend on whether it came first.
// Does not: produce output; its results are thrown away.
import type { CellInput } from '../core';

const TORCH = `import math
from dataclasses import dataclass
import torch
import torch.nn as nn
import torch.nn.functional as F

@dataclass
class Config:
    vocab: int = 512
    d_model: int = 64
    n_head: int = 4
    n_layer: int = 2
    dropout: float = 0.1

class Block(nn.Module):
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.short = nn.Sequential()
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.short(x))

class Net(nn.Module):
    def __init__(self, num_classes=10, widths=(16, 32, 64)):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, widths[0], 3, padding=1), nn.BatchNorm2d(widths[0]), nn.ReLU())
        self.layers = nn.Sequential(*[Block(widths[max(i - 1, 0)], w, 1 if i == 0 else 2) for i, w in enumerate(widths)])
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(widths[-1], num_classes)

    def forward(self, x):
        x = self.layers(self.stem(x))
        return self.fc(torch.flatten(self.pool(x), 1))

class TinyGPT(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.tok = nn.Embedding(cfg.vocab, cfg.d_model)
        self.pos = nn.Parameter(torch.zeros(1, 32, cfg.d_model))
        self.blocks = nn.ModuleList([nn.TransformerEncoderLayer(cfg.d_model, cfg.n_head, 4 * cfg.d_model, cfg.dropout, batch_first=True) for _ in range(cfg.n_layer)])
        self.attn = nn.MultiheadAttention(cfg.d_model, cfg.n_head, batch_first=True)
        self.ln = nn.LayerNorm(cfg.d_model)
        self.head = nn.Linear(cfg.d_model, cfg.vocab, bias=False)
        self.head.weight = self.tok.weight

    def forward(self, idx):
        x = self.tok(idx) + self.pos[:, : idx.size(1)]
        for block in self.blocks:
            x = block(x)
        x, _ = self.attn(x, x, x)
        return self.head(self.ln(x))

model = Net()
out = model(torch.randn(2, 3, 32, 32))
gpt = TinyGPT(Config())
logits = gpt(torch.zeros(2, 16, dtype=torch.long))
rnn = nn.LSTM(32, 64, num_layers=2, batch_first=True, bidirectional=True)
mlp = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 10))
y = mlp(torch.randn(8, 1, 28, 28))
sizes = {f"layer_{k}": 2 ** k for k in range(8) if k % 2 == 0}
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
for epoch in range(3):
    for xb, yb in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        optimizer.step()
    print(f"epoch {epoch}: {loss.item():.3f} {math.sqrt(epoch)}")
`;

const KERAS = `from tensorflow import keras
from tensorflow.keras import layers

seq = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu", padding="same"),
    layers.GlobalAveragePooling2D(),
    layers.Dropout(0.3),
    layers.Dense(10, activation="softmax"),
])
image = keras.Input(shape=(32, 32, 3), name="image")
meta = keras.Input(shape=(8,), name="meta")
x = layers.Conv2D(16, 3)(image)
x = layers.BatchNormalization()(x)
x = layers.GlobalAveragePooling2D()(x)
m = layers.Dense(16, activation="relu")(meta)
joined = layers.concatenate([x, m])
functional = keras.Model(inputs=[image, meta], outputs=layers.Dense(3)(joined))
functional.summary()
`;

export const WARMUP_CELLS: CellInput[] = [
  { id: 'warmup-md', kind: 'markdown', source: '# warm-up' },
  { id: 'warmup-torch', kind: 'code', source: TORCH },
  { id: 'warmup-magic', kind: 'code', source: '%matplotlib inline\n!pip install torchinfo\n' },
  { id: 'warmup-keras', kind: 'code', source: KERAS }
];

/** How many times a new worker analyses the warm-up notebook. */
export const WARMUP_RUNS = 3;
