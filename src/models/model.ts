import { DTypeError, ShapeError, ValueError, fmtShape } from '../errors/index.js';
import type { ForwardOptions, Layer, TensorRecord } from '../layers/layer.js';
import type { Target } from '../layers/targets.js';
import type { LossLayer, LossName } from './loss.js';
import type { RngState } from '../random/rng.js';
import type { Tensor } from '../tensor/tensor.js';

/** What a trainer and the model files need from any network. */
export interface Model {
  /** Parameters by the book's names (`W1`, `b1`, ...); optimizers update them in place. */
  readonly params: Readonly<TensorRecord>;
  /** State that is saved but not trained: BatchNormalization running averages (`running_mean1`, ...). */
  readonly buffers: Readonly<TensorRecord>;
  /** The shape of one sample, e.g. [784] or [1, 28, 28]. */
  readonly inputShape: readonly number[];
  /** Scores (logits), or the predicted numbers for regression, for x; eval mode unless `{ train: true }`. */
  predict(x: Tensor, options?: ForwardOptions): Tensor;
  /** Probabilities in eval mode, in batches: softmax over the classes, or σ per yes/no column; a regression model has none (ValueError). */
  predictProba(x: Tensor, options?: { batchSize?: number }): Tensor;
  /** The loss for x with targets t: class labels, 0/1 per yes/no column, or numbers (see {@link Target}). */
  loss(x: Tensor, t: Target, options?: ForwardOptions): number;
  /** Backprop gradients of the loss, by parameter name (a training-mode forward); the layers' own gradient tensors, overwritten by the next backward (clone to keep). */
  gradient(x: Tensor, t: Target): TensorRecord;
  /** The training-mode loss and its gradients from one forward and one backward pass. */
  lossAndGradient(x: Tensor, t: Target): { loss: number; grads: TensorRecord };
  /** The layers in order by name, for diagnostics (where did a NaN appear?). */
  readonly layers: ReadonlyMap<string, Layer>;
  /** Which output layer and loss the model trains with (saved in its config). */
  readonly lossName: LossName;
  /** The loss layer after `layers`: SoftmaxWithLoss, IdentityWithLoss or SigmoidWithLoss. */
  readonly lastLayer: LossLayer;
  /** Fraction of right answers: arg-max classes, or yes/no decisions at σ > 0.5 per column; a regression model has none (ValueError). */
  accuracy(x: Tensor, t: Target, options?: { batchSize?: number }): number;
  /** Replaces every parameter's values (validated names, shapes, dtypes). */
  setParams(params: Readonly<TensorRecord>): void;
  /** The states of the model's own random generators (Dropout masks), for checkpoints. */
  randomState(): RngState[];
  /** Restores the generators saved by `randomState` (dropout masks continue as before). */
  setRandomState(states: readonly RngState[]): void;
  /** Replaces the buffers' values (validated like setParams). */
  setBuffers(buffers: Readonly<TensorRecord>): void;
  /** The architecture as JSON, enough to rebuild the model. */
  config(): Readonly<Record<string, unknown>>;
}

/**
 * Copies `given` into `own` in place after checking that the names are the
 * same set and every shape and dtype matches.
 */
export function assignParams(where: string, own: Readonly<TensorRecord>, given: Readonly<TensorRecord>): void {
  if (given === null || typeof given !== 'object') throw new ValueError(`${where}.setParams: expected a record of tensors, got ${given === null ? 'null' : typeof given}`);
  const want = Object.keys(own);
  const missing = want.filter((k) => !(k in given));
  const unknown = Object.keys(given).filter((k) => !(k in own));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [];
    if (missing.length > 0) parts.push(`missing ${missing.join(', ')}`);
    if (unknown.length > 0) parts.push(`unknown ${unknown.join(', ')}`);
    throw new ValueError(`${where}.setParams: parameter names do not match (${parts.join('; ')}); expected exactly ${want.join(', ')}`);
  }
  for (const k of want) {
    const o = own[k]!;
    const g = given[k]!;
    if (typeof g !== 'object' || g === null || !('shape' in g)) throw new ValueError(`${where}.setParams: '${k}' is not a Tensor`);
    if (g.shape.length !== o.shape.length || g.shape.some((d, i) => d !== o.shape[i])) {
      throw new ShapeError(`${where}.setParams: '${k}' must have shape ${fmtShape(o.shape)}, got ${fmtShape(g.shape)}`);
    }
    if (g.dtype !== o.dtype) throw new DTypeError(`${where}.setParams: '${k}' must be ${o.dtype}, got ${g.dtype}; use .astype('${o.dtype}')`);
  }
  for (const k of want) own[k]!.assign(given[k]!);
}

/** Labels as class indices, for accuracy: one-hot rows become their arg-max. */
export function labelIndices(t: Target, n: number, where: string): ArrayLike<number> {
  if (Array.isArray(t) || ArrayBuffer.isView(t)) {
    const list = t as ArrayLike<number>;
    if (list.length !== n) throw new ShapeError(`${where}: got ${list.length} labels for ${n} samples`);
    return list;
  }
  if (t === null || typeof t !== 'object' || !('shape' in t)) throw new ValueError(`${where}: labels must be class indices (Int32Array or number[]) or one-hot rows (Tensor), got ${t === null ? 'null' : typeof t}`);
  const oneHot = t as Tensor;
  if (oneHot.ndim !== 2 || oneHot.shape[0] !== n) throw new ShapeError(`${where}: one-hot labels must be [${n}, classes], got ${fmtShape(oneHot.shape)}`);
  return oneHot.argmax(1);
}
