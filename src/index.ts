/**
 * scratchnet: neural networks with explicit, readable backpropagation,
 * layer by layer, as in "Deep Learning from Scratch".
 */
export { Tensor, allclose, DTYPES, type DType, type NestedArray, type CloseOptions, type DTypeOption, type FromOptions } from './tensor/index.js';
export { Rng, type RngState } from './random/index.js';
export { setBackend, getBackend, referenceKernels, type Kernels, type FloatArray, type BinaryOp, type UnaryOp, type ReduceOp } from './backend/index.js';
export { MulLayer, AddLayer, Exp, Reciprocal, type Value } from './graph/index.js';
export { Relu, Sigmoid, Affine, Softmax, SoftmaxWithLoss, softmax, logSoftmax, crossEntropyError, type Layer, type ForwardOptions, type TensorRecord, type LabelInput } from './layers/index.js';
export { numericalGradient, gradientCheck, gradientCheckLayer, type GradientCheckOptions, type GradientCheckResult, type GradientMismatch } from './gradcheck/index.js';
export { TwoLayerNet, type TwoLayerNetOptions, type Model } from './models/index.js';
export { ScratchnetError, ShapeError, DTypeError, ValueError, NonFiniteError, FileFormatError } from './errors/index.js';
