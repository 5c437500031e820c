import { referenceKernels } from './reference/index.js';
import { setBackend } from './index.js';
import { loadWasmKernels, type WasmLoadOptions } from './wasm/index.js';

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
