export { Embedding } from './embedding.js';
export { TimeEmbedding } from './time-embedding.js';
export { RNN } from './rnn.js';
export { TimeRNN, type RecurrentOptions } from './time-rnn.js';
export { LSTM, lstmForward, lstmBackward, type LstmStep } from './lstm.js';
export { TimeLSTM } from './time-lstm.js';
export { GRU, gruForward, gruBackward, splitWh, type GruStep } from './gru.js';
export { TimeGRU } from './time-gru.js';
