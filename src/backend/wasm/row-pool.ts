/**
 * How the WebAssembly kernels hand rows of a matrix product to other threads.
 * The core only knows this interface; Node's worker_threads implementation
 * lives in node-pool.ts. Rows are split in blocks of 4, and every row is
 * computed by the same code in the same order whichever thread runs it, so
 * the result does not depend on the number of threads.
 */
export interface RowPool {
  /** Threads in all, including the caller's. */
  readonly threads: number;
  /**
   * Runs the exported kernel `kernel(...args, r0, r1)` over rows [0, m), split across the threads;
   * returns when all are done. The kernels: `gemmRows` (packed A·B) and `gemmTN` (Aᵀ·B).
   */
  run(kernel: PoolKernel, args: readonly number[], m: number): void;
  /** Ends the helper threads. */
  close(): void;
}

/** The row-split kernels a pool can run, by export name; the index is the code a worker receives. */
export const POOL_KERNELS = ['gemmRows', 'gemmTN'] as const;
export type PoolKernel = (typeof POOL_KERNELS)[number];

/** Splits [0, m) into `parts` ranges whose boundaries are multiples of 4 (empty ranges allowed). */
export function splitRows(m: number, parts: number): [number, number][] {
  const blocks = Math.ceil(m / 4);
  const out: [number, number][] = [];
  for (let i = 0; i < parts; i++) {
    const r0 = Math.min(m, Math.floor((blocks * i) / parts) * 4);
    const r1 = Math.min(m, Math.floor((blocks * (i + 1)) / parts) * 4);
    out.push([r0, i === parts - 1 ? m : r1]);
  }
  return out;
}
