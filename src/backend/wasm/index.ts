import type { Kernels } from '../kernels.js';
import { RELAXED_SHARED_WASM_BASE64, RELAXED_WASM_BASE64, SIMD_SHARED_WASM_BASE64, SIMD_WASM_BASE64 } from './generated/binaries.js';
import type { PoolKernel, RowPool } from './row-pool.js';
import { createWasmKernels, type Exports } from './wasm-kernels.js';

export { createWasmKernels, WASM_MIN_MACS, THREAD_MIN_MACS } from './wasm-kernels.js';
export { SPARSE_MAX_DENSITY } from './sparse-matmul.js';
export { splitRows, type RowPool } from './row-pool.js';

export interface WasmLoadOptions {
  /** Threads for large products (default 1). More than 1 needs `makePool` and SharedArrayBuffer. */
  readonly threads?: number;
  /** Starts the helper threads (Node: createNodePool) on the module and its shared memory. */
  readonly makePool?: (module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number, exports: Pick<Exports, PoolKernel>) => RowPool;
  /** Products of fewer multiply-adds stay on the calling thread (default THREAD_MIN_MACS; bench/threads.mjs varies it). */
  readonly threadMinMacs?: number;
  /** Products whose A has at most this share of nonzeros skip its zeros (default SPARSE_MAX_DENSITY; −1: never; bench/sparse.mjs varies it). */
  readonly sparseMaxDensity?: number;
}

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * The fastest WebAssembly kernels this runtime can run: the relaxed-SIMD build
 * (fused multiply-add) when it validates, else the plain SIMD build, else null
 * (no SIMD support: stay on the TypeScript kernels). With `threads` > 1 and a
 * pool maker, the shared-memory builds split large products across threads.
 *
 * @example
 * ```ts
 * import { setBackend, loadWasmKernels } from 'scratchnet';
 * const fast = loadWasmKernels();
 * if (fast) setBackend(fast);
 * ```
 */
export function loadWasmKernels(options: WasmLoadOptions = {}): Kernels | null {
  if (typeof WebAssembly !== 'object') return null;
  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  const threaded = threads > 1 && options.makePool !== undefined && typeof SharedArrayBuffer === 'function';
  const builds: [string, string, boolean][] = [
    ...(threaded ? ([['wasm-relaxed-simd', RELAXED_SHARED_WASM_BASE64, true], ['wasm-simd', SIMD_SHARED_WASM_BASE64, true]] as [string, string, boolean][]) : []),
    ['wasm-relaxed-simd', RELAXED_WASM_BASE64, false],
    ['wasm-simd', SIMD_WASM_BASE64, false],
  ];
  for (const [name, base64, shared] of builds) {
    const bytes = decode(base64);
    if (!WebAssembly.validate(bytes)) continue;
    try {
      const module = new WebAssembly.Module(bytes);
      const tuning = {
        ...(options.threadMinMacs !== undefined ? { threadMinMacs: options.threadMinMacs } : {}),
        ...(options.sparseMaxDensity !== undefined ? { sparseMaxDensity: options.sparseMaxDensity } : {}),
      };
      if (!shared) return createWasmKernels(module, name, tuning);
      const memory = new WebAssembly.Memory({ initial: 16, maximum: 32768, shared: true });
      return createWasmKernels(module, name, { memory, pool: (exports) => options.makePool!(module, memory, threads, exports), ...tuning });
    } catch {
      // a runtime that validates but cannot compile or share this build: try the next one
    }
  }
  return null;
}
