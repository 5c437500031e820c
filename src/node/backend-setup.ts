/**
 * Node start-up for the backend: Node 20 hides WebAssembly relaxed SIMD behind a
 * V8 flag, which can be set before the first module is compiled; then the
 * fastest kernels are installed. SCRATCHNET_BACKEND=typescript keeps the
 * TypeScript reference kernels.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { threadSetter } from '../backend/auto.js';
import { createNodePool } from './thread-pool.js';

try {
  setFlagsFromString('--experimental-wasm-relaxed-simd');
} catch {
  // a Node without the flag: relaxed SIMD is either on by default or unavailable; validation decides
}
/**
 * Sets the number of threads for large float32 matrix products (1 = no helper threads) and
 * reinstalls the kernels; returns the backend's name. Results are bit-identical for any count.
 *
 * @example
 * ```ts
 * import { setThreads } from 'scratchnet';
 * setThreads(2); // 'wasm-relaxed-simd ×2 threads'
 * ```
 */
export const setThreads: (threads: number) => string = threadSetter(
  createNodePool,
  () => canUseThreads(),
  () => (process.env.SCRATCHNET_BACKEND === 'typescript' ? 'typescript' : 'fastest'),
);

/** Whether kernels can share memory with worker threads here (always in Node; the browser build asks for cross-origin isolation). */
export function canUseThreads(): boolean {
  return typeof SharedArrayBuffer === 'function';
}

function threadsFromEnv(): number {
  const raw = process.env.SCRATCHNET_THREADS;
  if (raw === undefined || raw === '') return Math.min(availableParallelism(), 8);
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1 || n > 64) {
    console.warn(`scratchnet: SCRATCHNET_THREADS=${raw} is not a whole number in 1 .. 64; using 1 thread`);
    return 1;
  }
  return n;
}

setThreads(threadsFromEnv());
