/**
 * What TimeRNN, TimeLSTM and TimeGRU share. Their cells compute x·Wx + h_prev·Wh + b at each step;
 * the x·Wx + b part does not depend on the previous step, so it is computed for all N·T rows in one
 * product before the loop, and after the backward loop the parameter gradients are one product
 * each over all steps: Σₜ xₜᵀ·dAₜ = Xᵀ·dA with X (N·T, D) and dA (N·T, k·H). Same sums as the
 * book's per-step cells, fewer and larger matrix products.
 */
import { DTypeError, ValueError } from '../../errors/index.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkState } from './checks.js';

/** xs (N, T, D) · Wx + b for every step at once: (N, T, cols). */
export function projectInputs(xs: Tensor, Wx: Tensor, b: Tensor): Tensor {
  const [N, T, D] = xs.shape as [number, number, number];
  return xs.reshape(N * T, D).matmul(Wx, { bias: b }).reshape(N, T, Wx.shape[1]!);
}

/** The steps' (N, cols) gradients stacked into (N·T, cols), time-major within each sample as xs is. */
export function stackSteps(steps: readonly Tensor[]): Tensor {
  const [N, cols] = steps[0]!.shape as [number, number];
  return Tensor.stack(steps, 1).reshape(N * steps.length, cols);
}

/** dWx = Xᵀ·dA, db = Σ dA over all steps; returns dxs = dA·Wxᵀ as (N, T, D). */
export function inputGrads(grads: { readonly Wx: Tensor; readonly b: Tensor }, xs: Tensor, dA: Tensor, Wx: Tensor): Tensor {
  const [N, T, D] = xs.shape as [number, number, number];
  grads.Wx.assign(xs.reshape(N * T, D).matmul(dA, { transA: true }));
  grads.b.assign(dA.sum(0));
  return dA.matmul(Wx, { transB: true }).reshape(N, T, D);
}

/** A recurrent layer's carried state: h (and c for an LSTM), kept between forwards when stateful. */
export class RecurrentState {
  h: Tensor | null = null;
  c: Tensor | null = null;

  constructor(
    private readonly where: string,
    readonly stateful: boolean,
  ) {
    if (typeof stateful !== 'boolean') throw new ValueError(`${where}: stateful must be true or false, got ${JSON.stringify(stateful)}`);
  }

  /** The state a forward starts from: the carried one when stateful (zeros at first), zeros otherwise; checked against the batch. */
  start(name: 'h' | 'c', N: number, H: number, dtype: Tensor['dtype']): Tensor {
    const kept = this.stateful ? this[name] : null;
    if (kept === null) return Tensor.zeros([N, H], { dtype });
    checkState(this.where, name, kept, N, H);
    return kept;
  }

  /** The book's set_state(h, c): the next forward starts from h (and c; zeros when null). Only a stateful layer keeps a state. */
  set(h: Tensor, c: Tensor | null, H: number, dtype: Tensor['dtype']): void {
    if (!this.stateful) throw new ValueError(`${this.where}.setState: the layer is not stateful, so every forward starts from zeros; build it with { stateful: true }`);
    for (const [name, s] of [['h', h], ['c', c]] as const) {
      if (s === null) continue;
      if (!(s instanceof Tensor)) throw new ValueError(`${this.where}.setState: ${name} must be a Tensor of shape [N, ${H}], got ${s === undefined ? 'undefined' : typeof s}`);
      checkState(`${this.where}.setState`, name, s, s.shape[0] ?? 0, H);
      if (s.dtype !== dtype) throw new DTypeError(`${this.where}.setState: ${name} is ${s.dtype}, the weights ${dtype}`);
    }
    if (c !== null && c.shape[0] !== h.shape[0]) throw new ValueError(`${this.where}.setState: h has ${h.shape[0]} rows, c ${c.shape[0]}`);
    this.h = h;
    this.c = c;
  }

  /** The book's reset_state: the next forward starts from zeros. */
  reset(): void {
    this.h = null;
    this.c = null;
  }
}
