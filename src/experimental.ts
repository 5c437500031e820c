/**
 * Internal and unstable: the kernels' tuning constants and building blocks, for the benchmarks in bench/
 * and for tests. Not part of the package's entry points (`import 'scratchnet'` does not reach it); any
 * of it may change or go without notice.
 */
export { createWasmKernels, WASM_MIN_MACS, THREAD_MIN_MACS, SPARSE_MAX_DENSITY, splitRows, type RowPool } from './backend/wasm/index.js';
