import { ShapeError, ValueError, fmtShape } from '../errors/index.js';
import type { TensorRecord } from '../layers/layer.js';
import { Tensor } from '../tensor/tensor.js';

/** An optimizer's internal state: hyper-parameters, step count and named buffers (`v.W1`, `m.b2`, ...), for checkpoints. */
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
  /** The hyper-parameters, e.g. `{ lr: 0.01, momentum: 0.9 }`. */
  readonly hyper: Readonly<Record<string, number>>;
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

/** Throws unless `v` is a finite number in the given open/closed range. */
export function checkHyper(where: string, name: string, v: number, lo: number, hi = Infinity, loInclusive = false): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && (loInclusive ? v >= lo : v > lo) && v < hi;
  if (!ok) throw new ValueError(`${where}: ${name} must be a finite number ${loInclusive ? '≥' : '>'} ${lo}${hi < Infinity ? ` and < ${hi}` : ''}, got ${v}`);
  return v;
}

/** Throws unless `lr` is a finite positive number. */
export function checkLearningRate(where: string, lr: number): number {
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
    throw new ValueError(`${where}: the learning rate must be a finite number > 0, got ${lr}`);
  }
  return lr;
}

/**
 * What every optimizer shares: the step count, per-parameter buffers created
 * as zeros on first use (named `slot.param`, e.g. `v.W1`), and the state
 * round trip. Subclasses write only the book's update rule.
 */
export abstract class OptimizerBase implements Optimizer {
  abstract readonly name: string;
  protected step = 0;
  private readonly buffers = new Map<string, Tensor>();

  constructor(readonly hyper: Readonly<Record<string, number>>) {}

  /** The buffer `slot` for parameter `param`, zeros of p's shape on first use. */
  protected buffer(slot: string, param: string, p: Tensor): Tensor {
    const key = `${slot}.${param}`;
    let b = this.buffers.get(key);
    if (b === undefined) {
      b = Tensor.zeros(p.shape, { dtype: p.dtype });
      this.buffers.set(key, b);
    }
    return b;
  }

  update(params: Readonly<TensorRecord>, grads: Readonly<TensorRecord>): void {
    checkGrads(this.constructor.name, params, grads);
    this.step++;
    for (const [name, p] of Object.entries(params)) this.updateOne(name, p, grads[name]!);
  }

  /** Updates one parameter in place. */
  protected abstract updateOne(name: string, p: Tensor, g: Tensor): void;

  state(): OptimizerState {
    const buffers: TensorRecord = {};
    for (const [k, b] of this.buffers) buffers[k] = b.clone();
    return { name: this.name, hyper: { ...this.hyper }, step: this.step, buffers };
  }

  loadState(state: OptimizerState): void {
    const where = `${this.constructor.name}.loadState`;
    if (state === null || typeof state !== 'object' || state.name !== this.name) {
      throw new ValueError(`${where}: the state is for '${(state as OptimizerState | null)?.name}', not '${this.name}'`);
    }
    for (const [k, v] of Object.entries(this.hyper)) {
      if (state.hyper?.[k] !== v) throw new ValueError(`${where}: the state has ${k} ${state.hyper?.[k]}, this optimizer ${v}`);
    }
    if (!Number.isSafeInteger(state.step) || state.step < 0) throw new ValueError(`${where}: bad step ${state.step}`);
    this.buffers.clear();
    for (const [k, b] of Object.entries(state.buffers ?? {})) {
      if (!(b instanceof Tensor)) throw new ValueError(`${where}: buffer '${k}' is not a Tensor`);
      this.buffers.set(k, b.clone());
    }
    this.step = state.step;
  }
}
