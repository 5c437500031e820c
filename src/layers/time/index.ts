export { Embedding } from './embedding.js';
export { TimeEmbedding } from './time-embedding.js';
export { RNN } from './rnn.js';
export { TimeRNN, type RecurrentOptions } from './time-rnn.js';
