import type { FloatArray } from '../kernels.js';

/**
 * Reference matrix product out = op(A)·op(B) (+ bias), register-blocked 4×4.
 *
 * The transposes are expressed as strides, so no transposed copy is made:
 *   A(i, p) = a[i·ars + p·acs],  B(p, j) = b[p·brs + j·bcs].
 * Each 4×4 tile of `out` keeps its 16 sums in locals (registers) while p runs
 * over k, which reads every loaded value 4 times. Sums are kept in float64.
 */
export function matmul(
  a: FloatArray,
  b: FloatArray,
  out: FloatArray,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  bias?: FloatArray,
): void {
  const ars = transA ? 1 : k;
  const acs = transA ? m : 1;
  const brs = transB ? 1 : n;
  const bcs = transB ? k : 1;
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);

  for (let i = 0; i < m4; i += 4) {
    const a0 = i * ars;
    const a1 = a0 + ars;
    const a2 = a1 + ars;
    const a3 = a2 + ars;
    for (let j = 0; j < n4; j += 4) {
      const b0 = j * bcs;
      const b1 = b0 + bcs;
      const b2 = b1 + bcs;
      const b3 = b2 + bcs;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0, pa = 0, pb = 0; p < k; p++, pa += acs, pb += brs) {
        const x0 = a[a0 + pa]!, x1 = a[a1 + pa]!, x2 = a[a2 + pa]!, x3 = a[a3 + pa]!;
        const y0 = b[b0 + pb]!, y1 = b[b1 + pb]!, y2 = b[b2 + pb]!, y3 = b[b3 + pb]!;
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
      }
      let o = i * n + j;
      out[o] = c00; out[o + 1] = c01; out[o + 2] = c02; out[o + 3] = c03;
      o += n;
      out[o] = c10; out[o + 1] = c11; out[o + 2] = c12; out[o + 3] = c13;
      o += n;
      out[o] = c20; out[o + 1] = c21; out[o + 2] = c22; out[o + 3] = c23;
      o += n;
      out[o] = c30; out[o + 1] = c31; out[o + 2] = c32; out[o + 3] = c33;
    }
  }
  // the edges: rows below m4 (every column) and columns right of n4 (rows above m4)
  for (let i = 0; i < m; i++) {
    for (let j = i < m4 ? n4 : 0; j < n; j++) {
      let s = 0;
      const ai = i * ars;
      const bj = j * bcs;
      for (let p = 0; p < k; p++) s += a[ai + p * acs]! * b[p * brs + bj]!;
      out[i * n + j] = s;
    }
  }
  // + bias, row by row, after the sums are stored (so rounded to out's type first, as a separate add would be)
  if (bias) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] += bias[j]!;
}
