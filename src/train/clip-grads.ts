import { ValueError } from '../errors/index.js';
import type { TensorRecord } from '../layers/layer.js';

/** What {@link clipGrads} returns: the gradients to use, their global norm before clipping, and the factor applied. */
export interface ClippedGrads {
  readonly grads: TensorRecord;
  /** √(Σ over every gradient of Σ g²), before clipping. */
  readonly norm: number;
  /** maxNorm / (norm + 1e−6) when that is below 1 (the gradients were scaled by it), else 1. */
  readonly rate: number;
}

/**
 * Gradient clipping by the global norm, the book's `clip_grads`: when ‖g‖ = √(Σ g²) over all gradients
 * together exceeds `maxNorm`, every gradient is scaled by maxNorm / (‖g‖ + 1e−6), so the step keeps its
 * direction but not its size (the exploding gradients of long sequences). Returns new tensors when it
 * scales and the same ones otherwise; the gradients given are never changed.
 *
 * @example
 * ```ts
 * import { Tensor, clipGrads } from 'scratchnet';
 * const { grads, norm, rate } = clipGrads({ W: Tensor.from([3, 4]) }, 1); // norm 5, rate ≈ 0.2
 * grads.W;                                                                 // ≈ [0.6, 0.8]
 * ```
 */
export function clipGrads(grads: Readonly<TensorRecord>, maxNorm: number): ClippedGrads {
  if (typeof maxNorm !== 'number' || !(maxNorm > 0) || !Number.isFinite(maxNorm)) throw new ValueError(`clipGrads: maxNorm must be a finite number > 0, got ${maxNorm}`);
  let sum = 0;
  for (const g of Object.values(grads)) sum += g.square().sum().item();
  const norm = Math.sqrt(sum);
  const rate = maxNorm / (norm + 1e-6);
  if (!(rate < 1)) return { grads: { ...grads }, norm, rate: 1 };
  const out: TensorRecord = {};
  for (const [k, g] of Object.entries(grads)) out[k] = g.mul(rate);
  return { grads: out, norm, rate };
}
