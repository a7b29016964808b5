# %% [markdown]
# # Small LLaMA / Mistral / Qwen2 models for experiments
# %%
import torch
from transformers import LlamaConfig, LlamaForCausalLM, MistralConfig, MistralForCausalLM
from transformers import Qwen2Config, Qwen2ForCausalLM
# %%
common = dict(vocab_size=1024, hidden_size=64, intermediate_size=176, num_hidden_layers=2,
              num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=256)
# %%
llama = LlamaForCausalLM(LlamaConfig(**common))
# %%
mistral = MistralForCausalLM(MistralConfig(**common, sliding_window=64))
# %%
qwen = Qwen2ForCausalLM(Qwen2Config(**common, tie_word_embeddings=True))
# %%
tokens = torch.randint(0, 1024, (2, 16))
llama_logits = llama(tokens).logits
llama_logits.shape
