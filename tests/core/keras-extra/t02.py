from keras.models import Sequential
from keras.layers import InputLayer, Dense, Conv1D, LSTM, GRU, TimeDistributed, RepeatVector
model = Sequential()
model.add(InputLayer(input_shape=(30, 3)))
model.add(LSTM(64, return_sequences=False))
model.add(RepeatVector(10))
model.add(LSTM(64, return_sequences=True))
model.add(TimeDistributed(Dense(3)))
