import type { Kernels, StateBuffer } from '../backend/kernels.js';
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
  /**
   * A factor on the learning rate for the next steps (1 unless changed): the Trainer's learning-rate
   * schedule sets it each epoch, so `lr` stays the optimizer's base rate. Optimizers without it take no schedule.
   */
  lrFactor?: number;
  /** Updates every parameter in place from its gradient (one step). */
  update(params: Readonly<TensorRecord>, grads: Readonly<TensorRecord>): void;
  /** The step count, hyper-parameters and buffers, for a checkpoint. */
  state(): OptimizerState;
  /** Continues from a saved state (the same optimizer and hyper-parameters). */
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
  /** A factor on `hyper.lr` for the next steps (1 unless a schedule sets it); not part of `state()`: the Trainer keeps its schedule's. */
  lrFactor = 1;
  protected step = 0;
  /** Each buffer, with the kernels that made it (the backend of its parameter's dtype) and its shape. */
  private readonly buffers = new Map<string, { state: StateBuffer; kernels: Kernels; shape: readonly number[] }>();

  constructor(readonly hyper: Readonly<Record<string, number>>) {}

  /**
   * The buffer `slot` for parameter `param`: zeros of p's shape on first use, made by p's kernels
   * (the WebAssembly backend keeps it in its own memory). A buffer made by other kernels (the backend
   * was changed, or the state was loaded) moves to p's kernels with its values.
   */
  protected buffer(slot: string, param: string, p: Tensor): StateBuffer {
    const key = `${slot}.${param}`;
    const kernels = p.kernels;
    let b = this.buffers.get(key);
    if (b !== undefined && b.state.length !== p.size) {
      throw new ShapeError(`${this.constructor.name}.update: buffer '${key}' holds ${b.state.length} values (shape ${fmtShape(b.shape)}), but parameter '${param}' has shape ${fmtShape(p.shape)}`);
    }
    if (b === undefined || b.kernels !== kernels || b.state.dtype !== p.dtype) {
      const state = kernels.newState(p.dtype, p.size);
      if (b !== undefined) state.write(b.state.read());
      b = { state, kernels, shape: p.shape };
      this.buffers.set(key, b);
    }
    return b.state;
  }

  /** The learning rate the next step uses: `hyper.lr` × `lrFactor`. */
  get learningRate(): number {
    return this.hyper.lr! * this.lrFactor;
  }

  update(params: Readonly<TensorRecord>, grads: Readonly<TensorRecord>): void {
    checkGrads(this.constructor.name, params, grads);
    if (!(this.lrFactor >= 0 && Number.isFinite(this.lrFactor))) throw new ValueError(`${this.constructor.name}.update: lrFactor must be a finite number ≥ 0, got ${this.lrFactor}`);
    this.step++;
    for (const [name, p] of Object.entries(params)) this.updateOne(name, p, grads[name]!);
  }

  /** Updates one parameter in place. */
  protected abstract updateOne(name: string, p: Tensor, g: Tensor): void;

  state(): OptimizerState {
    const buffers: TensorRecord = {};
    for (const [k, { state, shape }] of this.buffers) buffers[k] = new Tensor(state.read(), shape);
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
    const loaded: [string, Tensor][] = Object.entries(state.buffers ?? {});
    for (const [k, b] of loaded) if (!(b instanceof Tensor)) throw new ValueError(`${where}: buffer '${k}' is not a Tensor`);
    this.buffers.clear();
    for (const [k, b] of loaded) {
      const kernels = b.kernels;
      const s = kernels.newState(b.dtype, b.size);
      s.write(b.data);
      this.buffers.set(k, { state: s, kernels, shape: b.shape });
    }
    this.step = state.step;
  }
}
