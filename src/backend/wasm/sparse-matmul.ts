import type { RowPool } from './row-pool.js';

/** The exports of gemm-sparse.ts (and the transpose and finiteness check it needs from the others). */
export interface SparseExports {
  countNonzero(a: number, len: number, step: number): number;
  /** transA: 1 when A is stored k×m and read transposed (its columns listed in place), else 0 */
  gemmSparse(a: number, b: number, c: number, n: number, k: number, bias: number, scratch: number, transA: number, m: number, r0: number, r1: number): void;
  sparseScratchBytes(m: number, k: number): number;
  transpose(a: number, at: number, k: number, m: number): void;
  allFinite(a: number, len: number): number;
}

/**
 * A product whose A has at most this share of nonzeros skips the zeros (gemm-sparse.ts): one
 * multiply-add per nonzero and column instead of one per entry. The break-even is measured by
 * `node bench/sparse.mjs` (docs/benchmarks.md, "Sparse inputs"); MNIST's pixels are well below it.
 */
export const SPARSE_MAX_DENSITY = 0.35;

/**
 * Every row of C reads rows of B, so B must stay in cache (1 MB here: the product's weight matrix,
 * or the batch's gradient).
 */
export const SPARSE_MAX_B_FLOATS = 1 << 18;

/** Rows of A shorter than this stay dense: listing a short row (a convolution's 5×5 or 3×3 window) costs more than it skips. */
export const SPARSE_MIN_K = 64;

const aligned = (floats: number): number => (floats + 3) & ~3;

/** Whether a product of these sizes may take the sparse path (then stage sparseScratchFloats of room). */
export function sparseEligible(m: number, n: number, k: number): boolean {
  return k * n <= SPARSE_MAX_B_FLOATS && k >= SPARSE_MIN_K && m > 0 && n > 0;
}

/**
 * Scratch the sparse path needs: B transposed (for the A·Bᵀ forms) and a row list per thread
 * (gemmSparse's own layout, which it reports). The Aᵀ forms list A's columns where they are.
 */
export function sparseScratchFloats(ex: SparseExports, m: number, n: number, k: number, transB: boolean): number {
  return (transB ? aligned(k * n) : 0) + ex.sparseScratchBytes(m, k) / 4;
}

/**
 * The share of nonzeros among the len floats at `a`, from about SAMPLE_GROUPS evenly spaced groups of 4:
 * it only chooses between two kernels that give the same result, so an estimate will do.
 */
function estimateDensity(ex: SparseExports, a: number, len: number): number {
  const groups = len >> 2;
  if (groups === 0) return 1;
  const step = Math.max(1, Math.floor(groups / SAMPLE_GROUPS));
  return ex.countNonzero(a, len, step) / (Math.ceil(groups / step) * 4);
}

const SAMPLE_GROUPS = 1024;

/** Byte offsets of the staged operands, as staging.call hands them out. */
export interface SparseOperands {
  readonly a: number;
  readonly b: number;
  /** 0 for none */
  readonly bias: number;
  readonly scratch: number;
  readonly c: number;
}

/**
 * C = op(A)·op(B) (+ bias) skipping A's zeros, when at most maxDensity of A is nonzero and B is finite; returns false
 * (having written nothing) otherwise, and the caller runs the dense kernels. Bit-identical to them.
 */
export function runSparse(ex: SparseExports, pool: RowPool | null, threadMinMacs: number, maxDensity: number, at: SparseOperands, m: number, n: number, k: number, transA: boolean, transB: boolean): boolean {
  const density = estimateDensity(ex, at.a, m * k);
  if (density > maxDensity || !ex.allFinite(at.b, k * n)) return false;
  // scratch: Bᵀ first (for the A·Bᵀ forms), then the row lists (sparseScratchFloats' layout)
  const b = transB ? at.scratch : at.b;
  const lists = at.scratch + (transB ? aligned(k * n) * 4 : 0);
  if (transB) ex.transpose(at.b, b, n, k); // B stored n×k, read as k×n rows
  const args = [at.a, b, at.c, n, k, at.bias, lists, transA ? 1 : 0, m] as const;
  // a kept multiply-add takes up to two dense ones' time (the kernels break even at 50–60% nonzero), so count it twice
  if (pool !== null && 2 * m * n * k * density >= threadMinMacs && m >= 8) pool.run('gemmSparse', args, m);
  else ex.gemmSparse(...args, 0, m);
  return true;
}
