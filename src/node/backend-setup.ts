/**
 * Node's backends: the native kernels (C, native/) where they were built and load, else WebAssembly
 * (Node 20 hides relaxed SIMD behind a V8 flag, set just before the first module is compiled).
 * SCRATCHNET_BACKEND=native|wasm|reference (or typescript) chooses one; `setBackend` with the same names
 * does it later. Importing this module starts nothing: the choice is made at the first kernel call.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { platformSetup } from '../backend/auto.js';
import { BACKEND_NAMES, type BackendName } from '../backend/index.js';
import { prepareWasmWith } from '../backend/wasm/index.js';
import { createNativeKernels, releaseNative } from './native-backend.js';
import { loadedNative, nativeStatus } from './native-loader.js';
import { createNodePool } from './thread-pool.js';

prepareWasmWith(() => {
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    // a Node without the flag: relaxed SIMD is either on by default or unavailable; validation decides
  }
});

/** The backend SCRATCHNET_BACKEND asks for ('default' when unset or unknown, with a warning for the latter). */
function backendFromEnv(): BackendName | 'default' {
  const raw = process.env.SCRATCHNET_BACKEND;
  if (raw === undefined || raw === '') return 'default';
  if (!BACKEND_NAMES.includes(raw)) {
    console.warn(`scratchnet: SCRATCHNET_BACKEND=${raw} is not one of ${BACKEND_NAMES.join(', ')}; using the default backend`);
    return 'default';
  }
  return raw === 'typescript' ? 'reference' : (raw as BackendName);
}

/**
 * Sets the number of threads for the large kernels (1 = no helper threads) and reinstalls the chosen
 * backend's kernels; returns their name. Results are bit-identical for any count.
 *
 * @example
 * ```ts
 * import { setThreads } from 'scratchnet';
 * setThreads(2); // 'native-avx512 ×2 threads' (or 'wasm-relaxed-simd ×2 threads' where native did not load)
 * ```
 */
export const setThreads: (threads: number) => string = platformSetup({
  makePool: createNodePool,
  allowed: () => canUseThreads(),
  initial: backendFromEnv,
  defaultThreads: threadsFromEnv,
  native: (threads) => {
    const { addon, reason } = nativeStatus();
    return addon ? createNativeKernels(addon, { threads }) : reason!;
  },
  releaseNative: () => {
    const addon = loadedNative();
    if (addon) releaseNative(addon);
  },
  warn: (message) => console.warn(message),
});

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

