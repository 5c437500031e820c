export { Tensor, type DTypeOption, type FromOptions, type IdsFromOptions } from './tensor.js';
export { type DType, type TensorDType, type DataOf, DTYPES } from './dtype.js';
export { type NestedArray } from './nested.js';
export { allclose, type CloseOptions } from './allclose.js';
