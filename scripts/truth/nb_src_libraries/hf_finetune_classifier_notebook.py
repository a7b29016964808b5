# %% [markdown]
# # Fine-tuning a text classifier (from a config, no download)
# %%
!pip install -q transformers
# %%
import torch
import torch.nn as nn
from transformers import AutoConfig, AutoModelForSequenceClassification
# %%
labels = ["sadness", "joy", "love", "anger", "fear", "surprise"]
id2label = {i: label for i, label in enumerate(labels)}
label2id = {label: i for i, label in id2label.items()}
# %%
config = AutoConfig.for_model("distilbert", vocab_size=3000, dim=64, n_layers=3, n_heads=4, hidden_dim=128,
                              id2label=id2label, label2id=label2id)
config.seq_classif_dropout = 0.3
model = AutoModelForSequenceClassification.from_config(config)
print(model.num_parameters(), model.num_parameters(only_trainable=True))
# %%
# freeze the embeddings and the first transformer block
for param in model.distilbert.embeddings.parameters():
    param.requires_grad = False
for param in model.distilbert.transformer.layer[0].parameters():
    param.requires_grad = False
# %%
batch = {"input_ids": torch.randint(0, 3000, (8, 32)), "attention_mask": torch.ones(8, 32, dtype=torch.long)}
out = model(**batch)
out.logits.shape
# %%
class MultiSampleDropoutHead(nn.Module):
    def __init__(self, hidden, n_labels, n=5):
        super().__init__()
        self.dropouts = nn.ModuleList([nn.Dropout(0.1 * (i + 1)) for i in range(n)])
        self.fc = nn.Linear(hidden, n_labels)

    def forward(self, x):
        return torch.stack([self.fc(d(x)) for d in self.dropouts]).mean(0)
# %%
model.classifier = MultiSampleDropoutHead(config.dim, len(labels))
