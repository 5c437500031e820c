/**
 * Browser start-up for the backend: the fastest kernels, with Web Workers for large matrix products
 * when the page is cross-origin isolated (served with `Cross-Origin-Opener-Policy: same-origin` and
 * `Cross-Origin-Embedder-Policy: require-corp`; SharedArrayBuffer needs both), else one thread.
 */
import { platformSetup } from './auto.js';
import { createWebPool } from './wasm/web-pool.js';

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
 * import { setThreads } from 'scratchnet'; // bundlers pick the browser build
 * setThreads(2); // 'wasm-relaxed-simd ×2 threads' on an isolated page, else 'wasm-relaxed-simd'
 * ```
 */
export const setThreads: (threads: number) => string = platformSetup({ makePool: createWebPool, allowed: () => canUseThreads(), initial: () => 'wasm', defaultThreads });

/** The default: the cores the browser reports, at most 8 (setThreads caps it at 1 where the page is not isolated). */
export function defaultThreads(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(8, cores));
}
