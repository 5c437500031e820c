import { ShapeError, ValueError, fmtShape } from '../errors/index.js';
import type { Rng } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * How mini-batches are drawn. `shuffle` (default): each epoch is a fresh
 * permutation cut into consecutive batches, so every sample is seen once per
 * epoch; when the size does not divide evenly, the epoch's last batch is
 * smaller (never dropped). `random`: the book's `np.random.choice(N, B)`,
 * B indices drawn with replacement every step.
 */
export type Sampling = 'shuffle' | 'random';

/** Where a sampler is, to resume it exactly (the permutation is re-drawn from the saved Rng). */
export interface SamplerState {
  readonly epochOrder: readonly number[] | null;
  readonly position: number;
}

/**
 * Produces the index list of each mini-batch from a seeded Rng.
 *
 * @example
 * ```ts
 * import { BatchSampler, Rng } from 'scratchnet';
 * const sampler = new BatchSampler(10, 4, new Rng(0));
 * sampler.next().length; // 4, 4, then 2: the last batch of the epoch is partial
 * ```
 */
export class BatchSampler {
  private order: Int32Array | null = null;
  private position = 0;

  constructor(
    readonly size: number,
    readonly batchSize: number,
    private readonly rng: Rng,
    readonly sampling: Sampling = 'shuffle',
  ) {
    if (!Number.isSafeInteger(size) || size <= 0) throw new ValueError(`BatchSampler: the data set must have at least one sample, got ${size}`);
    if (!Number.isSafeInteger(batchSize) || batchSize <= 0 || batchSize > size) {
      throw new ValueError(`BatchSampler: batch size must be an integer in 1 .. ${size} (the data size), got ${batchSize}`);
    }
    if (sampling !== 'shuffle' && sampling !== 'random') throw new ValueError(`BatchSampler: sampling must be 'shuffle' or 'random', got ${JSON.stringify(sampling)}`);
  }

  /** Mini-batches per epoch: ⌈size / batchSize⌉ (the book's max(size / batch, 1) when it divides). */
  get batchesPerEpoch(): number {
    return Math.ceil(this.size / this.batchSize);
  }

  /** The indices of the next mini-batch. */
  next(): Int32Array {
    if (this.sampling === 'random') {
      const idx = new Int32Array(this.batchSize);
      for (let i = 0; i < idx.length; i++) idx[i] = this.rng.int(this.size);
      return idx;
    }
    if (this.order === null || this.position >= this.size) {
      this.order = this.rng.permutation(this.size);
      this.position = 0;
    }
    const end = Math.min(this.size, this.position + this.batchSize);
    const idx = this.order.slice(this.position, end);
    this.position = end;
    return idx;
  }

  /** The position in the epoch and its order, for checkpoints. */
  state(): SamplerState {
    return { epochOrder: this.order === null ? null : Array.from(this.order), position: this.position };
  }

  /** Continues from a saved position (the sample count and batch size must match). */
  loadState(state: SamplerState): void {
    const order = state.epochOrder;
    if (order !== null && order.length !== this.size) throw new ValueError(`BatchSampler.loadState: the saved order has ${order.length} entries, the data ${this.size}`);
    if (!Number.isSafeInteger(state.position) || state.position < 0 || state.position > this.size) {
      throw new ValueError(`BatchSampler.loadState: position ${state.position} is outside 0 .. ${this.size}`);
    }
    this.order = order === null ? null : Int32Array.from(order);
    this.position = state.position;
  }
}

/** The rows `indices` of x (first axis), as a new tensor. */
export function takeRows(x: Tensor, indices: ArrayLike<number>): Tensor {
  const n = x.shape[0];
  if (n === undefined) throw new ShapeError(`takeRows: expected a tensor with a batch axis, got shape ${fmtShape(x.shape)}`);
  const row = x.size / Math.max(n, 1);
  const out = Tensor.zeros([indices.length, ...x.shape.slice(1)], { dtype: x.dtype });
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i]!;
    if (!(r >= 0 && r < n)) throw new ValueError(`takeRows: row index ${r} is outside 0 .. ${n - 1}`);
    out.data.set(x.data.subarray(r * row, (r + 1) * row), i * row);
  }
  return out;
}

/** Labels or targets as a list (class indices, 0/1 answers, or numbers) or as rows of a Tensor. */
export type LabelList = Int32Array | Uint8Array | Float32Array | Float64Array | readonly number[];

/** The labels (or regression targets) at `indices`, in the form they came in: rows of a Tensor, or a list of the same kind. */
export function takeLabels<T extends LabelList | Tensor>(t: T, indices: ArrayLike<number>): T;
export function takeLabels(t: LabelList | Tensor, indices: ArrayLike<number>): LabelList | Tensor {
  if (t instanceof Tensor) return takeRows(t, indices);
  const pick = (i: number): number => {
    const r = indices[i]!;
    if (!(r >= 0 && r < t.length)) throw new ValueError(`takeLabels: index ${r} is outside 0 .. ${t.length - 1}`);
    return t[r]!;
  };
  if (Array.isArray(t)) return Array.from({ length: indices.length }, (_, i) => pick(i));
  const out = new (t.constructor as new (n: number) => Int32Array | Uint8Array | Float32Array | Float64Array)(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = pick(i);
  return out;
}
