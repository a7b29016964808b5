# %%
import torch
import torch.nn as nn

# %%
text = "hello world, this is a tiny corpus for a character level language model."
chars = sorted(list(set(text)))
vocab_size = len(chars)
stoi = {ch: i for i, ch in enumerate(chars)}
itos = {i: ch for i, ch in enumerate(chars)}
print(vocab_size)

# %%
class CharRNN(nn.Module):
    def __init__(self, vocab_size, hidden_size=128, n_layers=2, dropout=0.2):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, 32)
        self.lstm = nn.LSTM(32, hidden_size, n_layers, dropout=dropout, batch_first=True)
        self.fc = nn.Linear(hidden_size, vocab_size)

    def forward(self, x, hidden=None):
        x = self.embed(x)
        out, hidden = self.lstm(x, hidden)
        return self.fc(out), hidden

# %%
model = CharRNN(vocab_size)
data = torch.tensor([stoi[c] for c in text], dtype=torch.long)
xb = data[:64].view(2, 32)
logits, h = model(xb)
