export { MulLayer } from './mul-layer.js';
export { AddLayer } from './add-layer.js';
export { Exp } from './exp.js';
export { Reciprocal } from './reciprocal.js';
export type { Value } from './value.js';
