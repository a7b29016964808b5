# %% [markdown]
# # A tiny GPT-2 trained from scratch
# %%
!pip install transformers
# %%
import torch
from transformers import GPT2Config, GPT2LMHeadModel, GPT2ForSequenceClassification
# %%
config = GPT2Config(
    vocab_size=1000,
    n_positions=256,
    n_embd=128,
    n_layer=2,
    n_head=4,
)
model = GPT2LMHeadModel(config)
print(f"{model.num_parameters():,} parameters")
# %%
batch = torch.randint(0, config.vocab_size, (4, 32))
outputs = model(batch, labels=batch)
outputs.loss
# %%
classifier = GPT2ForSequenceClassification(GPT2Config(vocab_size=1000, n_positions=256, n_embd=128, n_layer=2,
                                                      n_head=4, num_labels=2, pad_token_id=0))
