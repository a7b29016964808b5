# Stand-in for transformers.modeling_layers (transformers 5.x): GradientCheckpointingLayer as a
# plain nn.Module, and the generic task heads decoder-only models mix in (LlamaFor-
# SequenceClassification, ...ForTokenClassification, ...ForQuestionAnswering): the base model
# built by AutoModel.from_config under base_model_prefix, then the head's layers, as 5.x does.
# Does not: checkpoint anything, compute losses, or describe MtpModel (multi-token prediction).

import torch
from torch import nn
from .modeling_outputs import QuestionAnsweringModelOutput, SequenceClassifierOutputWithPast, TokenClassifierOutput


class GradientCheckpointingLayer(nn.Module):
    gradient_checkpointing = False


def _archlens_base_model(model, config):
    from .models.auto import AutoModel
    setattr(model, model.base_model_prefix, AutoModel.from_config(config))
    return getattr(model, model.base_model_prefix)


class GenericForSequenceClassification:
    base_model_prefix = "model"

    def __init__(self, config):
        super().__init__(config)
        self.num_labels = config.num_labels
        _archlens_base_model(self, config)
        self.score = nn.Linear(config.get_text_config().hidden_size, self.num_labels, bias=False)
        self.post_init()

    def forward(self, input_ids=None, attention_mask=None, position_ids=None, cache=None, inputs_embeds=None,
                labels=None, use_cache=None, **kwargs):
        base = getattr(self, self.base_model_prefix)
        hidden = base(input_ids, attention_mask=attention_mask, position_ids=position_ids,
                      inputs_embeds=inputs_embeds, **kwargs).last_hidden_state
        logits = self.score(hidden)
        # One position per sequence (the last non-padding token): [batch, num_labels].
        pooled = logits[:, -1]
        loss = None
        if labels is not None:
            loss = self.loss_function(logits=logits, labels=labels, pooled_logits=pooled, config=self.config)
        return SequenceClassifierOutputWithPast(loss=loss, logits=pooled)


class GenericForQuestionAnswering:
    base_model_prefix = "model"

    def __init__(self, config):
        super().__init__(config)
        _archlens_base_model(self, config)
        self.qa_outputs = nn.Linear(config.hidden_size, 2)
        self.post_init()

    def get_input_embeddings(self):
        return getattr(self, self.base_model_prefix).embed_tokens

    def set_input_embeddings(self, value):
        getattr(self, self.base_model_prefix).embed_tokens = value

    def forward(self, input_ids=None, attention_mask=None, position_ids=None, cache=None, inputs_embeds=None,
                start_positions=None, end_positions=None, **kwargs):
        base = getattr(self, self.base_model_prefix)
        hidden = base(input_ids, attention_mask=attention_mask, position_ids=position_ids,
                      inputs_embeds=inputs_embeds, **kwargs).last_hidden_state
        logits = self.qa_outputs(hidden)
        start_logits, end_logits = logits.split(1, dim=-1)
        return QuestionAnsweringModelOutput(start_logits=start_logits.squeeze(-1), end_logits=end_logits.squeeze(-1))


class GenericForTokenClassification:
    base_model_prefix = "model"

    def __init__(self, config):
        super().__init__(config)
        self.num_labels = config.num_labels
        _archlens_base_model(self, config)
        if getattr(config, "classifier_dropout", None) is not None:
            p = config.classifier_dropout
        elif getattr(config, "hidden_dropout", None) is not None:
            p = config.hidden_dropout
        else:
            p = 0.1
        self.dropout = nn.Dropout(p)
        self.score = nn.Linear(config.get_text_config().hidden_size, config.num_labels,
                               bias=getattr(config, "token_classification_bias", True))
        self.post_init()

    def forward(self, input_ids=None, attention_mask=None, position_ids=None, cache=None, inputs_embeds=None,
                labels=None, use_cache=None, **kwargs):
        base = getattr(self, self.base_model_prefix)
        hidden = base(input_ids, attention_mask=attention_mask, position_ids=position_ids,
                      inputs_embeds=inputs_embeds, **kwargs).last_hidden_state
        logits = self.score(self.dropout(hidden))
        return TokenClassifierOutput(logits=logits)

