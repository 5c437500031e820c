/**
 * The paper behind a drawing: a smooth surface (a quadratic in x and y, so
 * gray paper, uneven light and a shadow across the page all fit) found by
 * least squares that trims the pixels far from it (the ink, on either side),
 * and the noise level around it. Pure functions on gray values in [0, 1].
 */

/** Median of values in [0, 1] (a 4096-bin histogram: exact to 1/4096). */
export function median01(values: ArrayLike<number>, count = values.length): number {
  const bins = new Int32Array(4096);
  for (let i = 0; i < count; i++) bins[Math.min(4095, Math.max(0, Math.floor(values[i]! * 4096)))]!++;
  for (let b = 0, seen = 0; b < 4096; b++) if ((seen += bins[b]!) * 2 >= count) return (b + 0.5) / 4096;
  return 0;
}

export interface Background {
  /** The paper's gray at every pixel. */
  readonly surface: Float32Array;
  /** Noise: 1.4826 × the median absolute difference from the surface (a standard deviation for Gaussian noise). */
  readonly sigma: number;
}

/** Pixels a fit samples at most (on a grid): enough for 6 coefficients, cheap on a large picture. */
const FIT_SAMPLES = 4096;
const ROUNDS = 6;
/** Pixels further than this many noise levels from the surface are ink, or a smudge, and left out of the next round. */
const TRIM = 2.5;
/** A noise floor of a quarter gray level, so a flawless drawing (a canvas) still has a band. */
const MIN_SIGMA = 0.25 / 255;

/** Solves the 6×6 system A c = b (Gaussian elimination, partial pivoting); a near-singular pivot drops that term. */
function solve(A: Float64Array, b: Float64Array): Float64Array {
  const n = 6;
  const M = Float64Array.from(A);
  const c = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(M[i * n + k]!) > Math.abs(M[p * n + k]!)) p = i;
    for (let j = 0; j < n; j++) [M[k * n + j], M[p * n + j]] = [M[p * n + j]!, M[k * n + j]!];
    [c[k], c[p]] = [c[p]!, c[k]!];
    const pivot = M[k * n + k]!;
    if (Math.abs(pivot) < 1e-9 * (Math.abs(A[0]!) + 1)) {
      for (let j = 0; j < n; j++) M[k * n + j] = j === k ? 1 : 0;
      c[k] = 0;
      for (let i = k + 1; i < n; i++) M[i * n + k] = 0;
      continue;
    }
    for (let i = k + 1; i < n; i++) {
      const f = M[i * n + k]! / pivot;
      if (f === 0) continue;
      for (let j = k; j < n; j++) M[i * n + j]! -= f * M[k * n + j]!;
      c[i]! -= f * c[k]!;
    }
  }
  const x = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    let s = c[k]!;
    for (let j = k + 1; j < n; j++) s -= M[k * n + j]! * x[j]!;
    x[k] = s / M[k * n + k]!;
  }
  return x;
}

/** The paper's surface and noise level of a w × h picture `v` (values in [0, 1]). */
export function fitBackground(v: Float32Array, w: number, h: number): Background {
  const step = Math.max(1, Math.floor(Math.sqrt((w * h) / FIT_SAMPLES)));
  const cols = Math.ceil((w - Math.floor(step / 2)) / step);
  const rows = Math.ceil((h - Math.floor(step / 2)) / step);
  const n = cols * rows;
  const X = new Float64Array(n);
  const Y = new Float64Array(n);
  const V = new Float32Array(n);
  for (let j = 0, i = 0; j < rows; j++)
    for (let k = 0; k < cols; k++, i++) {
      const x = Math.floor(step / 2) + k * step;
      const y = Math.floor(step / 2) + j * step;
      X[i] = w > 1 ? (2 * x) / (w - 1) - 1 : 0;
      Y[i] = h > 1 ? (2 * y) / (h - 1) - 1 : 0;
      V[i] = v[y * w + x]!;
    }
  let c: Float64Array = Float64Array.of(median01(V), 0, 0, 0, 0, 0);
  const at = (x: number, y: number) => c[0]! + c[1]! * x + c[2]! * y + c[3]! * x * x + c[4]! * x * y + c[5]! * y * y;
  const residual = new Float32Array(n);
  const f = new Float64Array(6);
  let sigma = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    for (let i = 0; i < n; i++) residual[i] = Math.abs(V[i]! - at(X[i]!, Y[i]!));
    sigma = Math.max(MIN_SIGMA, 1.4826 * median01(residual));
    if (round === ROUNDS) break;
    const A = new Float64Array(36);
    const b = new Float64Array(6);
    for (let i = 0; i < n; i++) {
      if (residual[i]! > TRIM * sigma) continue;
      const x = X[i]!;
      const y = Y[i]!;
      f[0] = 1;
      f[1] = x;
      f[2] = y;
      f[3] = x * x;
      f[4] = x * y;
      f[5] = y * y;
      for (let r = 0; r < 6; r++) {
        b[r]! += f[r]! * V[i]!;
        for (let k = r; k < 6; k++) A[r * 6 + k]! += f[r]! * f[k]!;
      }
    }
    for (let r = 0; r < 6; r++) for (let k = 0; k < r; k++) A[r * 6 + k] = A[k * 6 + r]!;
    c = solve(A, b);
  }
  const surface = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const yy = h > 1 ? (2 * y) / (h - 1) - 1 : 0;
    for (let x = 0; x < w; x++) surface[y * w + x] = at(w > 1 ? (2 * x) / (w - 1) - 1 : 0, yy);
  }
  return { surface, sigma };
}
