export type { ForwardOptions, Layer, TensorRecord } from './layer.js';
export { Relu } from './relu.js';
export { Sigmoid } from './sigmoid.js';
export { Affine } from './affine.js';
export { Softmax } from './softmax.js';
export { SoftmaxWithLoss } from './softmax-with-loss.js';
export { softmax, logSoftmax, crossEntropyError } from './functions.js';
export type { LabelInput } from './labels.js';
