/**
 * The native backend: scratchnet's kernels in C (native/), run in place on the tensors' own
 * Float32Arrays (no copies). float64 runs on the reference, as on every backend. Small calls go to the
 * TypeScript reference exactly where the WebAssembly backend sends them (products under WASM_MIN_MACS
 * multiply-adds, element-wise calls under WASM_MIN_ELEMENTS values), so that the two backends give the
 * same bits call for call: the AVX-512 and AVX2 kernels those of wasm-relaxed-simd on a CPU with FMA, the
 * portable C kernels those of wasm-simd (docs/benchmarks.md, "Which bits").
 */
import type { Kernels } from '../backend/kernels.js';
import { referenceKernels as ref } from '../backend/reference/index.js';
import { WASM_MIN_MACS } from '../backend/wasm/wasm-kernels.js';
import { call, f32, f32Out, resultArray } from './native-call.js';
import { createNativeElementwise } from './native-elementwise.js';
import type { NativeAddon } from './native-loader.js';
import { byOuterRows } from './native-broadcast.js';
import { createNativeLstm } from './native-lstm.js';
import { createNativeOptimizers } from './native-optimizers.js';

export interface NativeOptions {
  /** 'avx512', 'avx2' or 'portable' (default: the fastest this CPU runs). */
  readonly isa?: string;
  /** Threads for large kernels, the caller's included (default 1). */
  readonly threads?: number;
  /** Products of fewer multiply-adds stay on the calling thread (default NATIVE_THREAD_MIN_MACS). */
  readonly threadMinMacs?: number;
  /** Products whose A has at most this share of nonzeros skip its zeros (default NATIVE_SPARSE_MAX_DENSITY; −1: never). Same results either way. */
  readonly sparseMaxDensity?: number;
}

/** Products whose A is at most this share nonzero skip its zeros (measured: docs/benchmarks.md, "Skipping zeros" under the native kernels). */
export const NATIVE_SPARSE_MAX_DENSITY = 0.25;

/** Products of at least this many multiply-adds are split across threads (docs/benchmarks.md, "Threads (native)"). */
export const NATIVE_THREAD_MIN_MACS = 30_000_000;

export type NativeKernels = Kernels & { readonly threads: number; readonly isa: string };

/** Stops the module's helper threads (another backend takes over); the next call of any native kernels starts them again. */
export function releaseNative(addon: NativeAddon): void {
  addon.release();
  active = null;
}

/** The kernels object whose configuration the module holds now: each object selects its own before a call. */
let active: object | null = null;

/**
 * The Kernels on the module with these options (instruction set, threads). Several may exist at once
 * (the module keeps a thread pool per count), each switching the module to its own configuration when
 * called after another.
 */
export function createNativeKernels(addon: NativeAddon, options: NativeOptions = {}): NativeKernels {
  const token = {};
  const select = (): void => {
    if (active === token) return;
    call(() => addon.configure(options.isa ?? null, options.threads ?? 1, options.threadMinMacs ?? NATIVE_THREAD_MIN_MACS, options.sparseMaxDensity ?? NATIVE_SPARSE_MAX_DENSITY));
    active = token;
  };
  select();
  const { isa, threads } = addon.info();

  const kernels: Partial<Kernels> = {
    matmul(a, b, out, m, n, k, transA, transB, bias, blocks) {
      if (!(f32(a) && f32(b) && f32Out(out)) || m * n * k < WASM_MIN_MACS || (bias && !f32(bias))) return ref.matmul(a, b, out, m, n, k, transA, transB, bias, blocks);
      const o = out ?? resultArray(m * n);
      select();
      call(() => addon.matmul(a, b, o, m, n, k, transA, transB, bias ?? null, blocks ?? 0));
      return o;
    },

    transposeBatched(a, out, batch, rows, cols) {
      if (!(f32(a) && f32Out(out))) return ref.transposeBatched(a, out, batch, rows, cols);
      const o = out ?? resultArray(a.length);
      select();
      call(() => addon.transposeBatched(a, o, batch, rows, cols));
      return o;
    },
  };

  const elementwise = createNativeElementwise(addon, select);
  return {
    ...ref,
    ...elementwise,
    ...byOuterRows(elementwise.binary!),
    ...createNativeOptimizers(addon, select),
    ...createNativeLstm(addon, select),
    ...kernels,
    name: `native-${isa}${threads > 1 ? ` ×${threads} threads` : ''}`,
    threads,
    isa,
  };
}
