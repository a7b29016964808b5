// The benchmark's generated notebook (npm run bench and tests/core/incremental.test.ts): the
// kinds of cells real notebooks have, repeated every ten cells with fresh names.
import type { CellInput } from '../../src/core/ir';

function cellSource(i: number): string {
  switch (i % 10) {
    case 0:
      return `import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\nimport numpy as np\n%matplotlib inline\n`;
    case 1:
      return `class Block${i}(nn.Module):\n    def __init__(self, cin, cout, stride=1):\n        super().__init__()\n        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)\n        self.bn1 = nn.BatchNorm2d(cout)\n        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)\n        self.bn2 = nn.BatchNorm2d(cout)\n        self.short = nn.Sequential()\n        if stride != 1 or cin != cout:\n            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))\n\n    def forward(self, x):\n        out = F.relu(self.bn1(self.conv1(x)))\n        out = self.bn2(self.conv2(out))\n        return F.relu(out + self.short(x))\n`;
    case 2:
      return `class Net${i}(nn.Module):\n    def __init__(self, num_classes=10):\n        super().__init__()\n        self.stem = nn.Sequential(nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU())\n        self.layers = nn.Sequential(*[Block${i - 1}(32 * 2 ** min(k, 2), 32 * 2 ** min(k + 1, 2), 2 if k < 2 else 1) for k in range(4)])\n        self.pool = nn.AdaptiveAvgPool2d(1)\n        self.fc = nn.Linear(128, num_classes)\n\n    def forward(self, x):\n        x = self.layers(self.stem(x))\n        return self.fc(torch.flatten(self.pool(x), 1))\n`;
    case 3:
      return `model${i} = Net${i - 1}(num_classes=${(i % 7) + 3})\nx = torch.randn(4, 3, 32, 32)\nout = model${i}(x)\nprint(out.shape)\n`;
    case 4:
      return `# Training loop (not run by ArchLens)\noptimizer = torch.optim.Adam(model${i - 1}.parameters(), lr=1e-3)\nfor epoch in range(3):\n    for xb, yb in loader:\n        optimizer.zero_grad()\n        loss = F.cross_entropy(model${i - 1}(xb), yb)\n        loss.backward()\n        optimizer.step()\n    print(f"epoch {epoch}: {loss.item():.3f}")\n`;
    case 5:
      return `mlp${i} = nn.Sequential(\n    nn.Flatten(),\n    nn.Linear(28 * 28, 256),\n    nn.ReLU(),\n    nn.Dropout(0.2),\n    nn.Linear(256, 10),\n)\ny = mlp${i}(torch.randn(8, 1, 28, 28))\n`;
    case 6:
      return `def accuracy(logits, y):\n    return (logits.argmax(1) == y).float().mean()\n\nresults = {k: v for k, v in zip(['a', 'b', 'c'], range(3))}\nsizes = [2 ** k for k in range(10)]\n`;
    case 7:
      return `!pip install torchinfo\nimport matplotlib.pyplot as plt\nplt.plot(sizes)\nplt.show()\n`;
    case 8:
      return `class LM${i}(nn.Module):\n    def __init__(self, ntoken=1000, d=128, nhid=256, nlayers=2):\n        super().__init__()\n        self.encoder = nn.Embedding(ntoken, d)\n        self.rnn = nn.LSTM(d, nhid, nlayers, batch_first=True)\n        self.decoder = nn.Linear(nhid, ntoken)\n\n    def forward(self, x):\n        out, _ = self.rnn(self.encoder(x))\n        return self.decoder(out)\n\nlm${i} = LM${i}()\n`;
    default:
      return `The notebook explains things in markdown cells like this one.`;
  }
}

export function benchNotebook(n: number): CellInput[] {
  const cells: CellInput[] = [];
  for (let i = 0; i < n; i++) {
    cells.push({ id: `cell-${i}`, kind: i % 10 === 9 ? 'markdown' : 'code', source: cellSource(i) });
  }
  return cells;
}
