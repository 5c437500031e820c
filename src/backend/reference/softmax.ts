import type { FloatArray } from '../kernels.js';

/**
 * Log-softmax of every row of a (rows × cols), the first half of softmax with cross-entropy:
 *
 *   out[r, j] = (a[r, j] − m) − log Σ_k e^(a[r, k] − m),   m = max_k a[r, k]
 *
 * Subtracting the row maximum keeps every e^(…) at most 1, so nothing overflows, and the log of the
 * sum is at least log 1 = 0, so nothing underflows to log 0: the loss −out[r, label] stays finite
 * however confident the scores. NaN anywhere in a row makes the whole row NaN, as in numpy.
 * Computed in float64 whatever the storage.
 */
export function logSoftmax(a: FloatArray, out: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) {
      const v = a[row + j]!;
      if (v > m || v !== v) m = v;
      if (m !== m) break;
    }
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(a[row + j]! - m);
    const lse = Math.log(sum);
    for (let j = 0; j < cols; j++) out[row + j] = a[row + j]! - m - lse;
  }
}
