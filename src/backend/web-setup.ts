/**
 * Browser start-up for the backend: the fastest kernels, with Web Workers for large matrix products
 * when the page is cross-origin isolated (served with `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp`; SharedArrayBuffer needs both), else one thread.
 */
import { ValueError } from '../errors/index.js';
import { useFastestBackend } from './auto.js';
import type { RowPool } from './wasm/row-pool.js';
import { createWebPool } from './wasm/web-pool.js';

const pools: RowPool[] = [];

/** Whether this page or worker may share memory between threads. */
export function canUseThreads(): boolean {
  return (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true && typeof SharedArrayBuffer === 'function' && typeof Worker === 'function';
}

/**
 * Sets the number of threads for large float32 matrix products in this browser context (capped at 1
 * unless it is cross-origin isolated) and reinstalls the kernels; returns the backend's name.
 * Results are bit-identical for any count.
 *
 * @example
 * ```ts
 * import { setThreads } from 'scratchnet/browser';
 * setThreads(2); // 'wasm-relaxed-simd ×2 threads' on an isolated page, else 'wasm-relaxed-simd'
 * ```
 */
export function setThreads(threads: number): string {
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > 64) throw new ValueError(`setThreads: threads must be an integer in 1 .. 64, got ${threads}`);
  for (const pool of pools.splice(0)) pool.close();
  const n = canUseThreads() ? threads : 1;
  const makePool: typeof createWebPool = (...args) => {
    const pool = createWebPool(...args);
    pools.push(pool);
    return pool;
  };
  return useFastestBackend('fastest', { threads: n, makePool });
}

/** The default: the cores the browser reports, at most 8 (1 where the page is not isolated). */
export function defaultThreads(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(8, cores));
}
