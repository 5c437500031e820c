import type { FloatArray, ReduceOp } from '../kernels.js';

/**
 * Reduce the middle axis of a (outer, len, inner) view. The innermost loop runs
 * over contiguous `inner` elements, so reducing axis 0 of a matrix (db = Σ dout)
 * streams through memory row by row.
 */
export function reduce(op: ReduceOp, a: FloatArray, out: FloatArray, outer: number, len: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    const ab = o * len * inner;
    if (op === 'sum') {
      const acc = new Float64Array(inner); // sum in float64 for float32 inputs too
      for (let l = 0; l < len; l++) {
        const row = ab + l * inner;
        for (let j = 0; j < inner; j++) acc[j]! += a[row + j]!;
      }
      for (let j = 0; j < inner; j++) out[ob + j] = acc[j]!;
    } else {
      for (let j = 0; j < inner; j++) out[ob + j] = a[ab + j]!;
      for (let l = 1; l < len; l++) {
        const row = ab + l * inner;
        for (let j = 0; j < inner; j++) {
          const v = a[row + j]!;
          const m = out[ob + j]!;
          if (v > m || (v !== v && m === m)) out[ob + j] = v; // NaN, once met, stays
        }
      }
    }
  }
}

export function argmax(a: FloatArray, out: Int32Array, outer: number, len: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      let best = 0;
      let m = a[o * len * inner + j]!;
      for (let l = 1; l < len && m === m; l++) {
        const v = a[(o * len + l) * inner + j]!;
        if (v > m || v !== v) {
          m = v;
          best = l;
        }
      }
      out[o * inner + j] = best;
    }
  }
}

export function allFinite(a: FloatArray): boolean {
  // x·0 is 0 for every finite x and NaN for ±∞ and NaN: one branch-free pass, four sums in flight
  const n = a.length;
  let [s0, s1, s2, s3] = [0, 0, 0, 0];
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    s0 += a[i]! * 0;
    s1 += a[i + 1]! * 0;
    s2 += a[i + 2]! * 0;
    s3 += a[i + 3]! * 0;
  }
  for (; i < n; i++) s0 += a[i]! * 0;
  return s0 + s1 + s2 + s3 === 0;
}
