import { ValueError } from '../../errors/index.js';
import type { Kernels } from '../kernels.js';
import { RELAXED_SHARED_WASM_BASE64, RELAXED_WASM_BASE64, SIMD_SHARED_WASM_BASE64, SIMD_WASM_BASE64 } from './generated/binaries.js';
import type { PoolKernel, RowPool } from './row-pool.js';
import { routeByThreads } from './route.js';
import { THREAD_MIN_MACS, createWasmKernels, type Exports } from './wasm-kernels.js';

export { createWasmKernels, WASM_MIN_MACS, THREAD_MIN_MACS } from './wasm-kernels.js';
export { SPARSE_MAX_DENSITY } from './sparse-matmul.js';
export { splitRows, type RowPool } from './row-pool.js';

/** Options of {@link loadWasmKernels}: which build, how many threads, and the thresholds for splitting and skipping zeros. */
export interface WasmLoadOptions {
  /** Threads for large products (default 1). More than 1 needs `makePool` and SharedArrayBuffer. */
  readonly threads?: number;
  /** Starts the helper threads (Node: createNodePool) on the module and its shared memory. */
  readonly makePool?: (module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number, exports: Pick<Exports, PoolKernel>) => RowPool;
  /** Products of fewer multiply-adds stay on the calling thread (default THREAD_MIN_MACS; bench/threads.mjs varies it). */
  readonly threadMinMacs?: number;
  /** Products whose A has at most this share of nonzeros skip its zeros (default SPARSE_MAX_DENSITY; −1: never; bench/sparse.mjs varies it). */
  readonly sparseMaxDensity?: number;
  /**
   * Which build to load: 'relaxed-simd' (fused multiply-add where the CPU has one, so float32 results
   * may differ in the last bits between machines) or 'simd' (plain multiply and add: the same bits on
   * every machine). Default: the first of the two that this runtime runs. null when the build asked
   * for does not run here.
   */
  readonly build?: 'relaxed-simd' | 'simd';
}

/** What the platform needs done once before the first WebAssembly compile (Node: the relaxed-SIMD V8 flag). */
let beforeFirstCompile: (() => void) | null = null;

/** Registers what must run once before the first WebAssembly compile; running it at import would be a side effect of importing. */
export function prepareWasmWith(prepare: () => void): void {
  beforeFirstCompile = prepare;
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
 * pool maker, large products and im2col/col2im run on the shared-memory build,
 * split across threads; the rest stays on the plain build (route.ts).
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
  const prepare = beforeFirstCompile;
  beforeFirstCompile = null;
  prepare?.();
  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  const threaded = threads > 1 && options.makePool !== undefined && typeof SharedArrayBuffer === 'function';
  const { threadMinMacs, sparseMaxDensity } = options;
  if (threadMinMacs !== undefined && !(typeof threadMinMacs === 'number' && threadMinMacs >= 0)) {
    throw new ValueError(`loadWasmKernels: threadMinMacs must be a number of multiply-adds ≥ 0 (Infinity: never split), got ${threadMinMacs}`);
  }
  if (sparseMaxDensity !== undefined && !(typeof sparseMaxDensity === 'number' && sparseMaxDensity >= -1 && sparseMaxDensity <= 1)) {
    throw new ValueError(`loadWasmKernels: sparseMaxDensity must be a share of nonzeros in 0 .. 1, or −1 for never, got ${sparseMaxDensity}`);
  }
  if (options.build !== undefined && options.build !== 'relaxed-simd' && options.build !== 'simd') {
    throw new ValueError(`loadWasmKernels: build must be 'relaxed-simd' or 'simd', got ${JSON.stringify(options.build)}`);
  }
  const tuning = {
    ...(options.threadMinMacs !== undefined ? { threadMinMacs: options.threadMinMacs } : {}),
    ...(options.sparseMaxDensity !== undefined ? { sparseMaxDensity: options.sparseMaxDensity } : {}),
  };
  // [name, plain build, the same build on shared memory]
  const builds: [string, string, string][] = [
    ['wasm-relaxed-simd', RELAXED_WASM_BASE64, RELAXED_SHARED_WASM_BASE64],
    ['wasm-simd', SIMD_WASM_BASE64, SIMD_SHARED_WASM_BASE64],
  ];
  for (const [name, plainBase64, sharedBase64] of builds) {
    if (options.build !== undefined && name !== `wasm-${options.build}`) continue;
    const bytes = decode(plainBase64);
    if (!WebAssembly.validate(bytes)) continue;
    let plain: Kernels & { readonly threads: number };
    try {
      plain = createWasmKernels(new WebAssembly.Module(bytes), name, tuning);
    } catch {
      continue; // validates but cannot compile here: try the next build
    }
    const shared = threaded ? sharedKernels(name, decode(sharedBase64), threads, options.makePool!, tuning) : null;
    return shared ? routeByThreads(plain, shared, options.threadMinMacs ?? THREAD_MIN_MACS) : plain;
  }
  return null;
}

/** The kernels on a shared memory with a pool of threads, or null where this runtime cannot share it. */
function sharedKernels(name: string, bytes: Uint8Array<ArrayBuffer>, threads: number, makePool: NonNullable<WasmLoadOptions['makePool']>, tuning: Pick<WasmLoadOptions, 'threadMinMacs' | 'sparseMaxDensity'>): (Kernels & { readonly threads: number }) | null {
  if (!WebAssembly.validate(bytes)) return null;
  try {
    const module = new WebAssembly.Module(bytes);
    const memory = new WebAssembly.Memory({ initial: 16, maximum: 32768, shared: true });
    return createWasmKernels(module, name, { memory, pool: (exports) => makePool(module, memory, threads, exports), ...tuning });
  } catch {
    return null; // validates but cannot compile or share here: one thread
  }
}
