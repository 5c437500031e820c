import type { ConvGeometry, FloatArray, Kernels } from '../kernels.js';
import { referenceKernels } from '../reference/index.js';
import type { PoolKernel, RowPool } from './row-pool.js';
import { createStaging, resultEntry } from './staging.js';
import { createWasmElementwise, type ElementwiseExports } from './wasm-elementwise.js';

export interface Exports extends ElementwiseExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  packB(b: number, bp: number, k: number, n: number, transB: boolean): void;
  transpose(a: number, at: number, k: number, m: number): void;
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

export interface WasmKernelOptions {
  /** A shared memory the module imports (the threaded builds). */
  readonly memory?: WebAssembly.Memory;
  /** Makes the pool of threads for large products, given the instance's row-split kernels. */
  readonly pool?: (exports: Pick<Exports, PoolKernel>) => RowPool | null;
  /** Products of fewer multiply-adds run on the calling thread alone (default THREAD_MIN_MACS). */
  readonly threadMinMacs?: number;
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
  const pool = options.pool?.({ gemmRows: ex.gemmRows, gemmTN: ex.gemmTN, im2col: ex.im2col, col2im: ex.col2im }) ?? null;
  const threadMinMacs = options.threadMinMacs ?? THREAD_MIN_MACS;
  const st = createStaging(ex.memory, ex.heapBase());
  const base = st.base;
  let heap = st.f32();

  /** Makes room for `floats` values after the static data. */
  function reserve(floats: number): void {
    st.reserve(floats * 4);
    heap = st.f32();
  }

  function matmul(a: FloatArray, b: FloatArray, out: FloatArray | null, m: number, n: number, k: number, transA: boolean, transB: boolean, bias?: FloatArray): FloatArray {
    if (!(a instanceof Float32Array && b instanceof Float32Array && (out === null || out instanceof Float32Array)) || m * n * k < WASM_MIN_MACS || (bias && !(bias instanceof Float32Array))) {
      return referenceKernels.matmul(a, b, out, m, n, k, transA, transB, bias);
    }
    const round4 = (x: number) => (x + 3) & ~3;
    const threaded = pool !== null && m * n * k >= threadMinMacs && m >= 8;
    if (transA && !transB) {
      // Aᵀ·B straight from the operands (gemm-tn.ts); each gets 8 floats of slack for the edge blocks' reads
      const [aAt, bAt] = [base / 4, base / 4 + round4(k * m) + 8];
      const cAt = bAt + round4(k * n) + 8;
      reserve(cAt + m * n - aAt);
      heap.set(a, aAt);
      heap.set(b, bAt);
      if (threaded) pool.run('gemmTN', [aAt * 4, bAt * 4, cAt * 4, m, n, k], m);
      else ex.gemmTN(aAt * 4, bAt * 4, cAt * 4, m, n, k, 0, m);
      const c = result(out, cAt, m * n);
      // a bias on a weight-gradient form is rare: added afterwards, as the reference does
      if (bias) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) c[i * n + j] += bias[j]!;
      return c;
    }
    const aAt = base / 4;
    const atAt = aAt + round4(m * k);
    const bAt = atAt + (transA ? round4(m * k) : 0);
    const bpAt = bAt + round4(k * n);
    const cAt = bpAt + Math.ceil(n / 8) * 8 * k;
    // the bias, with 8 floats of slack: the last panel's block reads b(j0 .. j0+7) even past n
    const biasAt = bias ? cAt + round4(m * n) : 0;
    reserve(cAt + m * n - aAt + (bias ? round4(n) + 8 : 0));
    heap.set(a, aAt);
    heap.set(b, bAt);
    if (bias) heap.set(bias, biasAt);
    if (transA) ex.transpose(aAt * 4, atAt * 4, k, m);
    ex.packB(bAt * 4, bpAt * 4, k, n, transB);
    const A = (transA ? atAt : aAt) * 4;
    if (threaded) pool.run('gemmRows', [A, bpAt * 4, cAt * 4, n, k, biasAt * 4], m);
    else ex.gemmRows(A, bpAt * 4, cAt * 4, n, k, biasAt * 4, 0, m);
    return result(out, cAt, m * n);
  }

  /** The product at float `at` copied into `out`, or into a new array made from it (never zero-filled). */
  function result(out: Float32Array | null, at: number, n: number): Float32Array {
    const c = heap.subarray(at, at + n);
    if (!out) return new Float32Array(c);
    out.set(c);
    return out;
  }

  /** One input copied in, `run(inputByte, outputByte)` in WebAssembly, the n-float result copied into `out` or a new array: im2col, col2im, transposes. */
  function throughWasm(input: Float32Array, out: Float32Array | null, n: number, run: (inAt: number, outAt: number) => void): Float32Array {
    const [made] = st.call([[input, 'in'], resultEntry(out, n)], ([i, o]) => run(i!, o!));
    return out ?? made!;
  }

  const f32Out = (out: FloatArray | null): out is Float32Array | null => out === null || out instanceof Float32Array;

  /** Runs a sample-split kernel over all N samples: across the pool when the columns are large enough. */
  function bySamples(kernel: 'im2col' | 'col2im', args: number[], g: ConvGeometry): void {
    if (pool !== null && g.N >= 2 && g.N * g.OH * g.OW * g.C * g.FH * g.FW >= THREAD_MIN_COLUMN_FLOATS) pool.run(kernel, args, g.N);
    else (ex[kernel] as (...a: number[]) => void)(...args, 0, g.N);
  }

  function im2col(x: FloatArray, out: FloatArray | null, g: ConvGeometry, padValue: number): FloatArray {
    if (!(x instanceof Float32Array && f32Out(out))) return referenceKernels.im2col(x, out, g, padValue);
    const padBits = new Int32Array(Float32Array.of(padValue).buffer)[0]!;
    return throughWasm(x, out, g.N * g.OH * g.OW * g.C * g.FH * g.FW, (i, o) => bySamples('im2col', [i, o, g.N, g.C, g.H, g.W, g.FH, g.FW, g.stride, g.pad, g.OH, g.OW, padBits], g));
  }

  function col2im(col: FloatArray, out: FloatArray | null, g: ConvGeometry): FloatArray {
    if (!(col instanceof Float32Array && f32Out(out))) return referenceKernels.col2im(col, out, g);
    return throughWasm(col, out, g.N * g.C * g.H * g.W, (i, o) => bySamples('col2im', [i, o, g.N, g.C, g.H, g.W, g.FH, g.FW, g.stride, g.pad, g.OH, g.OW], g));
  }

  function transposeBatched(a: FloatArray, out: FloatArray | null, batch: number, rows: number, cols: number): FloatArray {
    if (!(a instanceof Float32Array && f32Out(out)) || a.length < 4096) return referenceKernels.transposeBatched(a, out, batch, rows, cols);
    return throughWasm(a, out, a.length, (i, o) => ex.transposeBatched(i, o, batch, rows, cols));
  }

  return {
    ...referenceKernels,
    ...createWasmElementwise(ex, st),
    name: pool ? `${name} ×${pool.threads} threads` : name,
    matmul,
    im2col,
    col2im,
    transposeBatched,
    threads: pool?.threads ?? 1,
  };
}
