# %% [markdown]
# # Seq2seq with a bidirectional encoder

# %%
import torch
import torch.nn as nn

SRC_VOCAB, TRG_VOCAB = 800, 900
EMB, HID = 64, 128

# %%
class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(SRC_VOCAB, EMB)
        self.rnn = nn.GRU(EMB, HID, bidirectional=True)

    def forward(self, src):
        outputs, hidden = self.rnn(self.embedding(src))
        return outputs, hidden


class Decoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(TRG_VOCAB, EMB)
        self.rnn = nn.GRU(EMB, HID)
        self.fc_out = nn.Linear(HID, TRG_VOCAB)

    def forward(self, trg, hidden):
        output, hidden = self.rnn(self.embedding(trg), hidden)
        return self.fc_out(output), hidden


class Seq2Seq(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = Encoder()
        self.decoder = Decoder()

    def forward(self, src, trg):
        _, enc_hidden = self.encoder(src)
        dec_hidden = enc_hidden
        logits, _ = self.decoder(trg, dec_hidden)
        return logits

# %%
model = Seq2Seq()
src = torch.randint(0, SRC_VOCAB, (20, 8))  # (src_len, batch)
trg = torch.randint(0, TRG_VOCAB, (15, 8))
logits = model(src, trg)
print(logits.shape)
