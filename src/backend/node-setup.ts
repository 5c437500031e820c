/**
 * Node start-up for the backend: Node 20 hides WebAssembly relaxed SIMD behind a
 * V8 flag, which can be set before the first module is compiled; then the
 * fastest kernels are installed. SCRATCHNET_BACKEND=typescript keeps the
 * TypeScript reference kernels.
 */
import { setFlagsFromString } from 'node:v8';
import { useFastestBackend } from './auto.js';

try {
  setFlagsFromString('--experimental-wasm-relaxed-simd');
} catch {
  // a Node without the flag: relaxed SIMD is either on by default or unavailable; validation decides
}
useFastestBackend(process.env.SCRATCHNET_BACKEND === 'typescript' ? 'typescript' : 'fastest');
