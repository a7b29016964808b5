# %% [markdown]
# # Kaggle-style regressor on a transformer backbone
# %%
import torch
import torch.nn as nn
from transformers import AutoConfig, AutoModel
# %%
class CFG:
    hidden_dropout = 0.0
    n_targets = 6
# %%
backbone_config = AutoConfig.for_model("deberta-v2", vocab_size=2000, hidden_size=64, num_hidden_layers=2,
                                       num_attention_heads=4, intermediate_size=128)
backbone_config.hidden_dropout_prob = CFG.hidden_dropout
# %%
class MeanPooling(nn.Module):
    def forward(self, last_hidden_state, attention_mask):
        mask = attention_mask.unsqueeze(-1).float()
        return (last_hidden_state * mask).sum(1) / mask.sum(1).clamp(min=1e-9)


class CustomModel(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.model = AutoModel.from_config(config)
        self.pool = MeanPooling()
        self.fc = nn.Linear(config.hidden_size, CFG.n_targets)

    def forward(self, input_ids, attention_mask):
        out = self.model(input_ids=input_ids, attention_mask=attention_mask)
        return self.fc(self.pool(out.last_hidden_state, attention_mask))
# %%
model = CustomModel(backbone_config)
# freeze the embeddings and the first encoder layer
for p in model.model.embeddings.parameters():
    p.requires_grad = False
for p in model.model.encoder.layer[0].parameters():
    p.requires_grad = False
# %%
ids = torch.randint(0, 2000, (2, 24))
mask = torch.ones(2, 24, dtype=torch.long)
preds = model(ids, mask)
