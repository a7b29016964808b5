# %% [markdown]
# ## Univariate time series with an LSTM

# %%
import numpy as np
import torch
import torch.nn as nn

# %%
series = np.sin(np.linspace(0, 100, 2000)).astype("float32")
window = 50
X = np.stack([series[i:i + window] for i in range(len(series) - window)])
y = series[window:]
X_t = torch.tensor(X[:64])
y_t = torch.tensor(y[:64])

# %%
class LSTMRegressor(nn.Module):
    def __init__(self, hidden_size=32):
        super().__init__()
        self.lstm = nn.LSTM(input_size=1, hidden_size=hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1, :]).squeeze(-1)

# %%
model = LSTMRegressor()
criterion = nn.MSELoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

# %%
pred = model(X_t)
loss = criterion(pred, y_t)
loss.backward()
optimizer.step()
