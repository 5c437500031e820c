/**
 * How the WebAssembly kernels hand rows of a matrix product to other threads.
 * The core only knows this interface; Node's worker_threads implementation
 * lives in src/node/thread-pool.ts. Rows are split in blocks of 4, and every row is
 * computed by the same code in the same order whichever thread runs it, so
 * the result does not depend on the number of threads.
 */
export interface RowPool {
  /** Threads in all, including the caller's. */
  readonly threads: number;
  /**
   * Runs the exported kernel `kernel(...args, r0, r1)` over rows [0, m), split across the threads;
   * returns when all are done. The kernels: `gemmRows` (packed A·B), `gemmTN` (Aᵀ·B) and `gemmSparse` (an A with many zeros) split rows;
   * `im2col` and `col2im` split samples.
   */
  run(kernel: PoolKernel, args: readonly number[], m: number): void;
  /** Ends the helper threads. */
  close(): void;
}

/** The row-split kernels a pool can run, by export name; the index is the code a worker receives. */
export const POOL_KERNELS = ['gemmRows', 'gemmTN', 'im2col', 'col2im', 'gemmSparse'] as const;
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

/** Polls of a shared word before a thread sleeps on it (a few hundred µs): waking a sleeping thread costs 30–75 µs here. */
export const SPIN = 200_000;

/** Control words per helper: [0] sequence, [1] done, [2] kernel code (−1: exit), [3 ..] arguments. */
const ARGS = 15;

/** A helper's control block, on shared memory. */
export function controlBlock(): Int32Array {
  return new Int32Array(new SharedArrayBuffer((3 + ARGS) * 4));
}

/**
 * The loop a helper thread runs (JavaScript source, for a worker script), given `ctrl` (its control
 * block) and `run` (the kernels by code): wait for a new sequence number, run the job, echo it.
 */
export const HELPER_LOOP = `
let seen = 0;
for (;;) {
  for (let i = 0; i < ${SPIN} && Atomics.load(ctrl, 0) === seen; i++);
  Atomics.wait(ctrl, 0, seen);
  seen = Atomics.load(ctrl, 0);
  if (ctrl[2] < 0) break;
  run[ctrl[2]](...ctrl.subarray(3, 3 + ${ARGS}));
  Atomics.store(ctrl, 1, seen);
  Atomics.notify(ctrl, 1);
}`;

/**
 * Hands rows [0, m) of `kernel` out: one share to each helper (through its control block), the first
 * to the caller, then waits for every helper (polling first; sleeping only where `block` is allowed).
 */
export function dispatch(controls: readonly Int32Array[], exports: Readonly<Record<PoolKernel, (...args: number[]) => void>>, kernel: PoolKernel, args: readonly number[], m: number, block: boolean): void {
  const parts = splitRows(m, controls.length + 1);
  const code = POOL_KERNELS.indexOf(kernel);
  controls.forEach((ctrl, i) => {
    const [r0, r1] = parts[i + 1]!;
    ctrl[2] = code;
    ctrl.set([...args, r0, r1], 3);
    Atomics.add(ctrl, 0, 1);
    Atomics.notify(ctrl, 0);
  });
  const [r0, r1] = parts[0]!;
  exports[kernel](...args, r0, r1);
  for (const ctrl of controls) {
    const seq = Atomics.load(ctrl, 0);
    let done: number;
    for (let i = 0; i < SPIN && Atomics.load(ctrl, 1) !== seq; i++);
    while ((done = Atomics.load(ctrl, 1)) !== seq) if (block) Atomics.wait(ctrl, 1, done);
  }
}

/**
 * Tells every helper to exit and forgets them: a later `dispatch` on the same list computes every row on
 * the calling thread, so kernels kept from before a `setThreads` go on working (on one thread, with the
 * same results) instead of waiting for helpers that are gone.
 */
export function stopHelpers(controls: Int32Array[]): void {
  for (const ctrl of controls) {
    ctrl[2] = -1;
    Atomics.add(ctrl, 0, 1);
    Atomics.notify(ctrl, 0);
  }
  controls.length = 0;
}
