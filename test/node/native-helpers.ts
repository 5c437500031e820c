import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Rng, loadWasmKernels, type Kernels } from '../../src/index.js';
import { createNativeKernels, type NativeKernels } from '../../src/node/native-backend.js';
import { nativeStatus, type NativeAddon } from '../../src/node/native-loader.js';

/** The loaded module, or null. */
export const addon: NativeAddon | null = nativeStatus().addon;

/**
 * The `skip` option of the native tests: false where the module loaded; the reason where it cannot be
 * built here (no C compiler, an unsupported OS). Any other failure to load is not skipped: the tests
 * run and fail on it.
 */
export function skipUnlessNative(): string | false {
  if (addon) return false;
  try {
    const record = JSON.parse(readFileSync(join(dirname(nativeStatus().path), 'build.json'), 'utf8')) as { reason?: string };
    if (record.reason && /no C compiler|not supported by this script/.test(record.reason)) return `native kernels not built: ${record.reason}`;
  } catch {
    // no record: a build was never tried, which is a failure below
  }
  return false;
}

/** Fails with the loader's reason when the module should have loaded. */
export function native(): NativeAddon {
  if (!addon) throw new Error(`the native kernels did not load: ${nativeStatus().reason}`);
  return addon;
}

/** The instruction sets compiled in that this CPU runs. */
export function isas(): string[] {
  const info = native().info();
  return info.compiled.filter((i) => info.runs.includes(i));
}

/** Native kernels on one instruction set and thread count (and zero-skipping from a density on, −1: never). */
export function nativeKernels(isa: string, threads = 1, threadMinMacs?: number, sparseMaxDensity?: number): NativeKernels {
  return createNativeKernels(native(), { isa, threads, ...(threadMinMacs !== undefined ? { threadMinMacs } : {}), ...(sparseMaxDensity !== undefined ? { sparseMaxDensity } : {}) });
}

/** The WebAssembly build whose bits an instruction set gives: relaxed SIMD (fused) for AVX-512 and AVX2, plain SIMD for portable C. */
export function wasmTwin(isa: string): Kernels {
  const w = loadWasmKernels({ build: isa === 'portable' ? 'simd' : 'relaxed-simd' });
  if (!w) throw new Error(`this Node has no WebAssembly ${isa === 'portable' ? 'SIMD' : 'relaxed SIMD'}`);
  return w;
}

/** Random normal float32 values, with a share of exact zeros (and of −0) when `zeros` > 0. */
export function randomArray(rng: Rng, n: number, zeros = 0): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.uniform() < zeros ? (rng.uniform() < 0.5 ? 0 : -0) : rng.normal()));
}

/** The index of the first entry whose bits differ (NaNs of any payload count as equal), or −1. */
export function firstBitDifference(x: Float32Array, y: Float32Array): number {
  if (x.length !== y.length) return 0;
  const a = new Uint32Array(x.buffer, x.byteOffset, x.length);
  const b = new Uint32Array(y.buffer, y.byteOffset, y.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(Number.isNaN(x[i]) && Number.isNaN(y[i]))) return i;
  return -1;
}
