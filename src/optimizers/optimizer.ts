import { ShapeError, ValueError, fmtShape } from '../errors/index.js';
import type { TensorRecord } from '../layers/layer.js';

/** An optimizer's internal state as JSON plus named tensors (e.g. momentum buffers), for checkpoints. */
export interface OptimizerState {
  readonly name: string;
  readonly hyper: Readonly<Record<string, number>>;
  readonly step: number;
  readonly buffers: Readonly<TensorRecord>;
}

/**
 * Updates parameters in place from their gradients. `update` is the one place
 * where scratchnet changes tensors it was handed: the parameters, by design.
 */
export interface Optimizer {
  readonly name: string;
  update(params: Readonly<TensorRecord>, grads: Readonly<TensorRecord>): void;
  state(): OptimizerState;
  loadState(state: OptimizerState): void;
}

/** Throws unless every parameter has a gradient of its shape and dtype. */
export function checkGrads(where: string, params: Readonly<TensorRecord>, grads: Readonly<TensorRecord>): void {
  for (const [name, p] of Object.entries(params)) {
    const g = grads[name];
    if (g === undefined) throw new ValueError(`${where}.update: no gradient for parameter '${name}' (gradients: ${Object.keys(grads).join(', ') || 'none'})`);
    if (g.size !== p.size || g.dtype !== p.dtype) {
      throw new ShapeError(`${where}.update: gradient of '${name}' is ${g.dtype} ${fmtShape(g.shape)}, the parameter ${p.dtype} ${fmtShape(p.shape)}`);
    }
  }
}

/** Throws unless `lr` is a finite positive number. */
export function checkLearningRate(where: string, lr: number): number {
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
    throw new ValueError(`${where}: the learning rate must be a finite number > 0, got ${lr}`);
  }
  return lr;
}
