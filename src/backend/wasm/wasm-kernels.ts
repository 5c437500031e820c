import type { ConvGeometry, FloatArray, Kernels } from '../kernels.js';
import { referenceKernels } from '../reference/index.js';
import type { PoolKernel, RowPool } from './row-pool.js';
import { SPARSE_MAX_DENSITY, runSparse, sparseEligible, sparseScratchFloats, type SparseExports } from './sparse-matmul.js';
import { createStaging, resultEntry, throughWasm } from './staging.js';
import { StateArena } from './state-arena.js';
import { BINARY, createWasmElementwise, f32Out, type ElementwiseExports } from './wasm-elementwise.js';
import { createWasmOptimizers, type OptimizerExports } from './wasm-optimizers.js';

export interface Exports extends ElementwiseExports, OptimizerExports, SparseExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  packB(b: number, bp: number, k: number, n: number, transB: boolean): void;
  gemmRows(a: number, bp: number, c: number, n: number, k: number, bias: number, r0: number, r1: number): void;
  gemmTN(a: number, b: number, c: number, m: number, n: number, k: number, r0: number, r1: number): void;
  im2col(x: number, out: number, n: number, c: number, h: number, w: number, fh: number, fw: number, stride: number, pad: number, oh: number, ow: number, padBits: number, b0: number, b1: number): void;
  col2im(col: number, out: number, n: number, c: number, h: number, w: number, fh: number, fw: number, stride: number, pad: number, oh: number, ow: number, b0: number, b1: number): void;
  transposeBatched(a: number, out: number, batch: number, rows: number, cols: number): void;
}

/** Products smaller than this many multiply-adds stay in TypeScript: copying in and out would cost more. */
export const WASM_MIN_MACS = 2048;

/**
 * Products of at least this many multiply-adds are split across threads (the default of
 * `threadMinMacs`). Measured by `node bench/threads.mjs` (docs/benchmarks.md): handing rows to a
 * spinning worker costs about 4 µs here, but in a training loop the worker has usually gone to sleep
 * between products, and waking it costs 30–75 µs; counting that, two threads gain 10% or more only
 * from about 10⁷ multiply-adds on (1.8× at 1.6·10⁷ and above).
 */
export const THREAD_MIN_MACS = 10_000_000;

/**
 * im2col and col2im split their samples across threads from this many column values on (16 MB):
 * they only move memory, and two threads copy about 1.9× as fast as one here; below this the
 * hand-off would cost more than it saves.
 */
export const THREAD_MIN_COLUMN_FLOATS = 4_000_000;

/** Whether a product of m×k by k×n splits its rows across threads (given the threshold in multiply-adds). */
export const splitsProduct = (m: number, n: number, k: number, threadMinMacs: number): boolean => m * n * k >= threadMinMacs && m >= 8;

/** Whether im2col/col2im of this geometry split their samples across threads. */
export const splitsColumns = (g: ConvGeometry): boolean => g.N >= 2 && g.N * g.OH * g.OW * g.C * g.FH * g.FW >= THREAD_MIN_COLUMN_FLOATS;

export interface WasmKernelOptions {
  /** A shared memory the module imports (the threaded builds). */
  readonly memory?: WebAssembly.Memory;
  /** Makes the pool of threads for large products, given the instance's row-split kernels. */
  readonly pool?: (exports: Pick<Exports, PoolKernel>) => RowPool | null;
  /** Products of fewer multiply-adds run on the calling thread alone (default THREAD_MIN_MACS). */
  readonly threadMinMacs?: number;
  /** Products whose A has at most this share of nonzeros skip its zeros (default SPARSE_MAX_DENSITY; −1: never). */
  readonly sparseMaxDensity?: number;
}

/**
 * Kernels that run float32 work in WebAssembly SIMD: matrix products here,
 * the element-wise kernels, reductions, pooling and optimizer steps in
 * wasm-elementwise.ts; float64, argmax and tiny arrays stay on the TypeScript
 * reference. Operands are copied into the module's memory (staging.ts) and
 * results copied out. A·B, A·Bᵀ and Aᵀ·Bᵀ pack B into 8-column panels so that
 * every transpose flag runs the same inner loop (Aᵀ·Bᵀ transposes A first);
 * Aᵀ·B, every weight gradient, reads both operands in place (gemm-tn.ts).
 */
export function createWasmKernels(module: WebAssembly.Module, name: string, options: WasmKernelOptions = {}): Kernels & { readonly threads: number } {
  const instance = new WebAssembly.Instance(module, {
    env: {
      ...(options.memory ? { memory: options.memory } : {}),
      abort: () => {
        throw new Error('scratchnet: a WebAssembly kernel aborted');
      },
    },
  });
  const ex = { ...(instance.exports as unknown as Exports), memory: options.memory ?? (instance.exports as unknown as Exports).memory };
  const pool = options.pool?.({ gemmRows: ex.gemmRows, gemmTN: ex.gemmTN, im2col: ex.im2col, col2im: ex.col2im, gemmSparse: ex.gemmSparse }) ?? null;
  const threadMinMacs = options.threadMinMacs ?? THREAD_MIN_MACS;
  const sparseMaxDensity = options.sparseMaxDensity ?? SPARSE_MAX_DENSITY;
  // optimizer state first (it stays between calls), the staging area after it
  const arena = new StateArena(ex.memory, (ex.heapBase() + 15) & ~15);
  const st = createStaging(ex.memory, () => arena.end);

  function matmul(a: FloatArray, b: FloatArray, out: FloatArray | null, m: number, n: number, k: number, transA: boolean, transB: boolean, bias?: FloatArray, blocks?: number): FloatArray {
    if (!(a instanceof Float32Array && b instanceof Float32Array && f32Out(out)) || m * n * k < WASM_MIN_MACS || (bias && !(bias instanceof Float32Array))) {
      return referenceKernels.matmul(a, b, out, m, n, k, transA, transB, bias, blocks);
    }
    const tn = transA && !transB; // Aᵀ·B: straight from the operands (gemm-tn.ts), no scratch
    const threaded = pool !== null && splitsProduct(m, n, k, threadMinMacs);
    // B packed into 8-column panels (and Aᵀ·Bᵀ transposes A first), in scratch space
    const panelsAt = transA ? ((m * k + 3) & ~3) * 4 : 0; // byte offset of the panels, after Aᵀ (16-byte aligned)
    const denseScratch = tn ? 0 : panelsAt / 4 + Math.ceil(n / 8) * 8 * k;
    const sparse = sparseMaxDensity >= 0 && sparseEligible(m, n, k);
    // the bias and scratch entries after A and B keep the memory after each operand readable for the
    // edge blocks' reads (a few floats past a row); the last panel's block reads the bias b(j0 .. j0+7)
    // even past n, which the scratch after it makes readable. With blocks, the product goes to a scratch
    // entry and is transposed block by block into the result, inside WebAssembly memory.
    const [made] = st.call(
      [
        [a, 'in'],
        [b, 'in'],
        bias ? [bias, 'in'] : [0, 'scratch'],
        [Math.max(denseScratch, sparse ? sparseScratchFloats(ex, m, n, k, transB) : 0), 'scratch'],
        [blocks !== undefined ? m * n : 0, 'scratch'],
        resultEntry(out, m * n),
      ],
      ([pa, pb, pbias, ps, pblocked, pout]) => {
        const B = bias ? pbias! : 0;
        const pc = blocks !== undefined ? pblocked! : pout!;
        if (sparse && runSparse(ex, pool, threadMinMacs, sparseMaxDensity, { a: pa!, b: pb!, bias: B, scratch: ps!, c: pc }, m, n, k, transA, transB)) {
          // the sparse kernel added the bias as it stored each row
        } else if (tn) {
          if (threaded) pool.run('gemmTN', [pa!, pb!, pc, m, n, k], m);
          else ex.gemmTN(pa!, pb!, pc, m, n, k, 0, m);
          // a bias on the weight-gradient form is rare: added afterwards (in place, c + the bias row), as the reference does
          if (bias) ex.binaryRows(BINARY.add, pc, n, 1, B, 0, 1, pc, m, n);
        } else {
          const pat = ps!;
          const pbp = ps! + panelsAt;
          if (transA) ex.transpose(pa!, pat, k, m);
          ex.packB(pb!, pbp, k, n, transB);
          const A = transA ? pat : pa!;
          if (threaded) pool.run('gemmRows', [A, pbp, pc, n, k, B], m);
          else ex.gemmRows(A, pbp, pc, n, k, B, 0, m);
        }
        if (blocks !== undefined) ex.transposeBatched(pc, pout!, blocks, m / blocks, n);
      },
    );
    return out ?? made!;
  }

  /** Runs a sample-split kernel over all N samples: across the pool when the columns are large enough. */
  function bySamples(kernel: 'im2col' | 'col2im', args: number[], g: ConvGeometry): void {
    if (pool !== null && splitsColumns(g)) pool.run(kernel, args, g.N);
    else (ex[kernel] as (...a: number[]) => void)(...args, 0, g.N);
  }

  function im2col(x: FloatArray, out: FloatArray | null, g: ConvGeometry, padValue: number): FloatArray {
    if (!(x instanceof Float32Array && f32Out(out))) return referenceKernels.im2col(x, out, g, padValue);
    const padBits = new Int32Array(Float32Array.of(padValue).buffer)[0]!;
    return throughWasm(st, x, out, g.N * g.OH * g.OW * g.C * g.FH * g.FW, (i, o) => bySamples('im2col', [i, o, g.N, g.C, g.H, g.W, g.FH, g.FW, g.stride, g.pad, g.OH, g.OW, padBits], g));
  }

  function col2im(col: FloatArray, out: FloatArray | null, g: ConvGeometry): FloatArray {
    if (!(col instanceof Float32Array && f32Out(out))) return referenceKernels.col2im(col, out, g);
    return throughWasm(st, col, out, g.N * g.C * g.H * g.W, (i, o) => bySamples('col2im', [i, o, g.N, g.C, g.H, g.W, g.FH, g.FW, g.stride, g.pad, g.OH, g.OW], g));
  }

  function transposeBatched(a: FloatArray, out: FloatArray | null, batch: number, rows: number, cols: number): FloatArray {
    if (!(a instanceof Float32Array && f32Out(out)) || a.length < 4096) return referenceKernels.transposeBatched(a, out, batch, rows, cols);
    return throughWasm(st, a, out, a.length, (i, o) => ex.transposeBatched(i, o, batch, rows, cols));
  }

  return {
    ...referenceKernels,
    ...createWasmElementwise(ex, st),
    ...createWasmOptimizers(ex, st, arena),
    name: pool ? `${name} ×${pool.threads} threads` : name,
    matmul,
    im2col,
    col2im,
    transposeBatched,
    threads: pool?.threads ?? 1,
  };
}
