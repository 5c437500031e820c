import { ValueError } from '../errors/index.js';

/** Counts of values in equal bins over a range, as numpy.histogram gives them. */
export interface Histogram {
  /** How many values fell in each bin. */
  readonly counts: readonly number[];
  /** The bins' range: bin i is [lo + i·w, lo + (i+1)·w), the last one closed, w = (hi − lo) / bins. */
  readonly range: readonly [number, number];
  /** Values below and above the range (not in any bin), and NaNs. */
  readonly below: number;
  readonly above: number;
  readonly nan: number;
}

/**
 * A histogram of `values` in `bins` equal bins over `range` (default: from the smallest to the
 * largest value), with numpy.histogram's edges: half-open bins, the last one closed.
 *
 * @example
 * ```ts
 * import { histogram } from 'scratchnet';
 * histogram([0.1, 0.5, 0.5, 0.9, 1], { bins: 2, range: [0, 1] }).counts; // [1, 4]
 * ```
 */
export function histogram(values: ArrayLike<number>, options: { readonly bins?: number; readonly range?: readonly [number, number] } = {}): Histogram {
  const bins = options.bins ?? 30;
  if (!Number.isSafeInteger(bins) || bins < 1) throw new ValueError(`histogram: bins must be a positive integer, got ${bins}`);
  let [lo, hi] = options.range ?? [Infinity, -Infinity];
  if (options.range === undefined) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (lo > hi) [lo, hi] = [0, 1]; // no finite values: numpy's default range
  }
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi)) throw new ValueError(`histogram: range must be two finite numbers, lo ≤ hi, got [${lo}, ${hi}]`);
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5]; // numpy widens an empty range the same way
  const counts = new Array<number>(bins).fill(0);
  let below = 0;
  let above = 0;
  let nan = 0;
  const scale = bins / (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) nan++;
    else if (v < lo) below++;
    else if (v > hi) above++;
    else counts[Math.min(bins - 1, Math.floor((v - lo) * scale))]!++;
  }
  return { counts, range: [lo, hi], below, above, nan };
}
