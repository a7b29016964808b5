# %% [markdown]
# # Transfer learning: freeze the feature extractor, train a new head

# %%
!pip install torchinfo
%matplotlib inline

# %%
import torch
import torch.nn as nn
from torchinfo import summary

# %%
class SmallBackbone(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(inplace=True), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(inplace=True), nn.MaxPool2d(2),
            nn.Conv2d(64, 128, 3, padding=1), nn.BatchNorm2d(128), nn.ReLU(inplace=True),
        )
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.classifier = nn.Linear(128, 1000)

    def forward(self, x):
        x = self.avgpool(self.features(x))
        return self.classifier(torch.flatten(x, 1))

# %%
model_ft = SmallBackbone()
# "pretrained" backbone: freeze it
for param in model_ft.features.parameters():
    param.requires_grad = False

# %%
num_ftrs = model_ft.classifier.in_features
class_names = ['ants', 'bees']
model_ft.classifier = nn.Sequential(
    nn.Linear(num_ftrs, 64),
    nn.ReLU(),
    nn.Dropout(0.2),
    nn.Linear(64, len(class_names)),
)

# %%
summary(model_ft, input_size=(4, 3, 64, 64), col_names=["input_size", "output_size", "num_params", "trainable"])

# %%
optimizer_ft = torch.optim.SGD(filter(lambda p: p.requires_grad, model_ft.parameters()), lr=0.001, momentum=0.9)
exp_lr_scheduler = torch.optim.lr_scheduler.StepLR(optimizer_ft, step_size=7, gamma=0.1)
