export type { Optimizer, OptimizerState } from './optimizer.js';
export { SGD } from './sgd.js';
