# %%
!pip install -q transformers
import torch
import torch.nn as nn
from transformers import AutoModel

# %%
MODEL_NAME = "bert-base-uncased"
NUM_LABELS = 3

# %%
class BertClassifier(nn.Module):
    def __init__(self, model_name, num_labels, dropout=0.1):
        super().__init__()
        self.bert = AutoModel.from_pretrained(model_name)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(self.bert.config.hidden_size, num_labels)

    def forward(self, input_ids, attention_mask):
        out = self.bert(input_ids=input_ids, attention_mask=attention_mask)
        return self.classifier(self.dropout(out.pooler_output))

# %%
model = BertClassifier(MODEL_NAME, NUM_LABELS)
