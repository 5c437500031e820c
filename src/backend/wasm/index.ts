import type { Kernels } from '../kernels.js';
import { RELAXED_WASM_BASE64, SIMD_WASM_BASE64 } from './generated/binaries.js';
import { createWasmKernels } from './wasm-kernels.js';

export { createWasmKernels, WASM_MIN_MACS } from './wasm-kernels.js';

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * The fastest WebAssembly kernels this runtime can run: the relaxed-SIMD build
 * (fused multiply-add) when it validates, else the plain SIMD build, else null
 * (no SIMD support: stay on the TypeScript kernels).
 *
 * @example
 * ```ts
 * import { setBackend, loadWasmKernels } from 'scratchnet';
 * const fast = loadWasmKernels();
 * if (fast) setBackend(fast);
 * ```
 */
export function loadWasmKernels(): Kernels | null {
  if (typeof WebAssembly !== 'object') return null;
  for (const [name, base64] of [['wasm-relaxed-simd', RELAXED_WASM_BASE64], ['wasm-simd', SIMD_WASM_BASE64]] as const) {
    const bytes = decode(base64);
    if (!WebAssembly.validate(bytes)) continue;
    try {
      return createWasmKernels(new WebAssembly.Module(bytes), name);
    } catch {
      // a runtime that validates but cannot compile: try the next build
    }
  }
  return null;
}
