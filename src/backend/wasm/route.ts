import type { Kernels } from '../kernels.js';
import { splitsColumns, splitsProduct } from './wasm-kernels.js';

type WasmKernels = Kernels & { readonly threads: number };

/**
 * Two instances of the same kernels: `plain` on its own memory, `shared` on the memory the helper
 * threads share. Only work split across threads goes to `shared`, because V8 copies into and out of a
 * SharedArrayBuffer more slowly (docs/benchmarks.md, "Threads"). Both run the same code in the same
 * order, so results do not depend on which one ran a call.
 */
export function routeByThreads(plain: WasmKernels, shared: WasmKernels, threadMinMacs: number): WasmKernels {
  return {
    ...plain,
    name: shared.name,
    threads: shared.threads,
    matmul: (a, b, out, m, n, k, transA, transB, bias, blocks) => (splitsProduct(m, n, k, threadMinMacs) ? shared : plain).matmul(a, b, out, m, n, k, transA, transB, bias, blocks),
    im2col: (x, out, g, padValue) => (splitsColumns(g) ? shared : plain).im2col(x, out, g, padValue),
    col2im: (col, out, g) => (splitsColumns(g) ? shared : plain).col2im(col, out, g),
  };
}
