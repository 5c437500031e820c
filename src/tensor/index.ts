export { Tensor, type DTypeOption, type FromOptions } from './tensor.js';
export { type DType, DTYPES } from './dtype.js';
export { type NestedArray } from './nested.js';
export { allclose, type CloseOptions } from './allclose.js';
