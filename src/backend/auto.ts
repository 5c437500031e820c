import { referenceKernels } from './reference/index.js';
import { setBackend } from './index.js';
import { ValueError } from '../errors/index.js';
import { loadWasmKernels, type WasmLoadOptions } from './wasm/index.js';
import type { RowPool } from './wasm/row-pool.js';

let noticeShown = false;

/**
 * Installs the fastest float32 kernels this runtime supports (WebAssembly
 * relaxed SIMD, then SIMD) and returns their name. Without SIMD support it
 * keeps the TypeScript kernels and prints a one-time notice, never an error.
 * `prefer: 'typescript'` forces the reference kernels.
 *
 * @example
 * ```ts
 * import { useFastestBackend } from 'scratchnet';
 * console.log(useFastestBackend()); // 'wasm-relaxed-simd', 'wasm-simd' or 'typescript'
 * ```
 */
export function useFastestBackend(prefer: 'fastest' | 'typescript' = 'fastest', options: WasmLoadOptions = {}): string {
  if (prefer === 'typescript') {
    setBackend(referenceKernels);
    return referenceKernels.name;
  }
  const fast = loadWasmKernels(options);
  if (fast === null) {
    if (!noticeShown) {
      noticeShown = true;
      console.warn('scratchnet: this runtime has no WebAssembly SIMD; using the (slower) TypeScript kernels');
    }
    setBackend(referenceKernels);
    return referenceKernels.name;
  }
  setBackend(fast);
  return fast.name;
}

/**
 * The `setThreads` of a platform (Node, browsers): validates the count, closes the pools it made
 * before, and reinstalls the fastest kernels with `makePool` for its threads. `allowed()` says whether
 * more than one thread can work here now; `prefer()` reads a forced choice of kernels.
 */
export function threadSetter(
  makePool: NonNullable<WasmLoadOptions['makePool']>,
  allowed: () => boolean,
  prefer: () => 'fastest' | 'typescript' = () => 'fastest',
): (threads: number) => string {
  const pools: RowPool[] = [];
  return (threads) => {
    if (!Number.isSafeInteger(threads) || threads < 1 || threads > 64) throw new ValueError(`setThreads: threads must be an integer in 1 .. 64, got ${threads}`);
    for (const pool of pools.splice(0)) pool.close();
    const tracked: typeof makePool = (...args) => {
      const pool = makePool(...args);
      pools.push(pool);
      return pool;
    };
    return useFastestBackend(prefer(), { threads: allowed() ? threads : 1, makePool: tracked });
  };
}
