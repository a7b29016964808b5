# %% [markdown]
# Denoising convolutional autoencoder (MNIST-sized inputs).

# %%
import torch
import torch.nn as nn

# %%
class ConvAutoencoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # 28 -> 14
            nn.Conv2d(16, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),   # 14 -> 7
        )
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(8, 16, 2, stride=2), nn.ReLU(),            # 7 -> 14
            nn.ConvTranspose2d(16, 1, 2, stride=2), nn.Sigmoid(),         # 14 -> 28
        )

    def forward(self, x):
        return self.decoder(self.encoder(x))

# %%
model = ConvAutoencoder()
criterion = nn.MSELoss()
images = torch.rand(32, 1, 28, 28)
noisy = (images + 0.3 * torch.randn_like(images)).clamp(0, 1)

# %%
recon = model(noisy)
loss = criterion(recon, images)
print(loss.item())
