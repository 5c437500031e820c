/**
 * The paper behind a drawing: a smooth surface (a quadratic in x and y, so
 * gray paper, uneven light and a shadow across the page all fit) found by
 * least squares that trims the pixels far from it (the ink, on either side),
 * and the noise level around it. Pure functions on gray values in [0, 1].
 */

const BINS = new Int32Array(4096); // reused: allocating a typed array costs more than filling one

/** Median of values in [0, 1] (a 4096-bin histogram: exact to 1/4096). */
export function median01(values: ArrayLike<number>, count = values.length): number {
  const bins = BINS.fill(0);
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
const FIT_SAMPLES = 1024;
const ROUNDS = 5;
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
  const step = Math.max(1, Math.round(Math.sqrt((w * h) / FIT_SAMPLES)));
  const cols = Math.ceil((w - Math.floor(step / 2)) / step);
  const rows = Math.ceil((h - Math.floor(step / 2)) / step);
  const n = cols * rows;
  // each sample's basis (1, x, y, x², xy, y²) in [-1, 1] coordinates, and the 21 products a fit sums
  const F = new Float64Array(6 * n);
  const V = new Float32Array(n);
  const P = new Float64Array(21 * n);
  for (let j = 0, i = 0; j < rows; j++)
    for (let k = 0; k < cols; k++, i++) {
      const px = Math.floor(step / 2) + k * step;
      const py = Math.floor(step / 2) + j * step;
      const x = w > 1 ? (2 * px) / (w - 1) - 1 : 0;
      const y = h > 1 ? (2 * py) / (h - 1) - 1 : 0;
      [F[6 * i], F[6 * i + 1], F[6 * i + 2], F[6 * i + 3], F[6 * i + 4], F[6 * i + 5]] = [1, x, y, x * x, x * y, y * y];
      V[i] = v[py * w + px]!;
      for (let r = 0, q = 0; r < 6; r++) for (let c = r; c < 6; c++, q++) P[21 * i + q] = F[6 * i + r]! * F[6 * i + c]!;
    }
  let c: Float64Array = Float64Array.of(median01(V), 0, 0, 0, 0, 0);
  const residual = new Float32Array(n);
  let sigma = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    for (let i = 0; i < n; i++) {
      let fit = 0;
      for (let k = 0; k < 6; k++) fit += c[k]! * F[6 * i + k]!;
      residual[i] = Math.abs(V[i]! - fit);
    }
    sigma = Math.max(MIN_SIGMA, 1.4826 * median01(residual));
    if (round === ROUNDS) break;
    const sums = new Float64Array(21);
    const b = new Float64Array(6);
    for (let i = 0; i < n; i++) {
      if (residual[i]! > TRIM * sigma) continue;
      for (let q = 0; q < 21; q++) sums[q]! += P[21 * i + q]!;
      for (let r = 0; r < 6; r++) b[r]! += F[6 * i + r]! * V[i]!;
    }
    const A = new Float64Array(36);
    for (let r = 0, q = 0; r < 6; r++) for (let k = r; k < 6; k++, q++) A[r * 6 + k] = A[k * 6 + r] = sums[q]!;
    const next = solve(A, b);
    let moved = 0;
    for (let k = 0; k < 6; k++) moved = Math.max(moved, Math.abs(next[k]! - c[k]!));
    c = next;
    if (moved < sigma / 20) round = ROUNDS - 1; // settled: one last look at the noise
  }
  const [c0, c1, c2, c3, c4, c5] = c;
  const surface = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const yy = h > 1 ? (2 * y) / (h - 1) - 1 : 0;
    for (let x = 0; x < w; x++) {
      const xx = w > 1 ? (2 * x) / (w - 1) - 1 : 0;
      surface[y * w + x] = c0! + c1! * xx + c2! * yy + c3! * xx * xx + c4! * xx * yy + c5! * yy * yy;
    }
  }
  return { surface, sigma };
}
