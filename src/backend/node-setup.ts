/**
 * Node start-up for the backend: Node 20 hides WebAssembly relaxed SIMD behind a
 * V8 flag, which can be set before the first module is compiled; then the
 * fastest kernels are installed. SCRATCHNET_BACKEND=typescript keeps the
 * TypeScript reference kernels.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { ValueError } from '../errors/index.js';
import { useFastestBackend } from './auto.js';
import { createNodePool } from './wasm/node-pool.js';
import type { RowPool } from './wasm/row-pool.js';

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
export function setThreads(threads: number): string {
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > 64) throw new ValueError(`setThreads: threads must be an integer in 1 .. 64, got ${threads}`);
  for (const pool of pools.splice(0)) pool.close();
  const makePool: typeof createNodePool = (...args) => {
    const pool = createNodePool(...args);
    pools.push(pool);
    return pool;
  };
  return useFastestBackend(process.env.SCRATCHNET_BACKEND === 'typescript' ? 'typescript' : 'fastest', { threads, makePool });
}

const pools: RowPool[] = [];

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
