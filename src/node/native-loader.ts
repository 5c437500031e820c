/**
 * Finding and loading the native kernels (native/*.c, built by scripts/build-native.mjs into
 * build/native/scratchnet.node). Loading never throws: a missing, corrupt or foreign module, one built
 * from other sources, or one that fails its self-test leaves `nativeStatus()` with the reason, and
 * scratchnet runs on WebAssembly.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bindings' version; the C side's SN_ABI (native/addon.c). */
export const NATIVE_ABI = 1;

/** What the module says about itself. */
export interface NativeInfo {
  readonly abi: number;
  /** Instruction sets compiled into the module, fastest first: 'avx512', 'avx2', 'portable'. */
  readonly compiled: readonly string[];
  /** Those this CPU runs. */
  readonly runs: readonly string[];
  /** The one in use. */
  readonly isa: string;
  /** 1 when products use fused multiply-adds (the bits of wasm-relaxed-simd), 0 for multiply then add (wasm-simd). */
  readonly fused: number;
  readonly threads: number;
  readonly threadMinMacs: number;
  readonly sparseMaxDensity: number;
  /** Optimizer state alive in the module's memory (freed as its arrays are collected). */
  readonly stateBytes: number;
  readonly stateBlocks: number;
  /** Whether the module raised glibc's mmap and trim thresholds (native/addon.c says why; SCRATCHNET_MALLOC_TUNING=0 keeps the defaults). */
  readonly mallocTuned: boolean;
}

type F32 = Float32Array;

/** The module's exports (native/bind-*.c); each checks its arguments and throws errors with a `code`. */
export interface NativeAddon {
  readonly abi: number;
  info(): NativeInfo;
  configure(isa: string | null, threads: number, threadMinMacs: number, sparseMaxDensity: number): void;
  release(): void;
  matmul(a: F32, b: F32, out: F32, m: number, n: number, k: number, transA: boolean, transB: boolean, bias: F32 | null, blocks: number): void;
  transposeBatched(a: F32, out: F32, batch: number, rows: number, cols: number): void;
  binaryRows(op: number, a: F32, ars: number, acs: number, b: F32, brs: number, bcs: number, out: F32, rows: number, cols: number): void;
  unary(op: number, a: F32, out: F32): void;
  reduceSum(a: F32, out: F32, outer: number, len: number, inner: number): void;
  reduceMax(a: F32, out: F32, outer: number, len: number, inner: number): void;
  argmax(a: F32, out: Int32Array, outer: number, len: number, inner: number): void;
  axpy(alpha: number, x: F32, y: F32): void;
  allFinite(a: F32): boolean;
  logSoftmax(a: F32, out: F32, rows: number, cols: number): void;
  im2col(x: F32, out: F32, N: number, C: number, H: number, W: number, FH: number, FW: number, stride: number, pad: number, OH: number, OW: number, padValue: number): void;
  col2im(col: F32, out: F32, N: number, C: number, H: number, W: number, FH: number, FW: number, stride: number, pad: number, OH: number, OW: number): void;
  maxPool(x: F32, out: F32, argmax: Int32Array, N: number, C: number, H: number, W: number, FH: number, FW: number, stride: number, pad: number, OH: number, OW: number): void;
  maxPoolBackward(dout: F32, argmax: Int32Array, out: F32, outLength: number): void;
  momentumStep(p: F32, g: F32, v: F32, lr: number, alpha: number, c: number, d: number): void;
  rmspropStep(p: F32, g: F32, h: F32, lr: number, rho: number, gain: number, eps: number): void;
  adamStep(p: F32, g: F32, m: F32, v: F32, lrT: number, beta1: number, beta2: number, eps: number): void;
  /** n zeros in the module's memory, freed when the array is collected. */
  newState(n: number): F32;
  /** The fused LSTM step (native/lstm.c); absent from a module built before it. */
  lstmForward?(A: F32, cPrev: F32, gates: F32, c: F32, tanhC: F32, h: F32, n: number, H: number): void;
  lstmBackward?(gates: F32, cPrev: F32, tanhC: F32, dh: F32, dc: F32, dA: F32, dcPrev: F32, n: number, H: number): void;
}

export interface NativeStatus {
  /** The module, when it loaded and passed its checks. */
  readonly addon: NativeAddon | null;
  /** Where it was looked for. */
  readonly path: string;
  /** Why it is not in use (null when it is). */
  readonly reason: string | null;
}

/** The package's root (this file is dist/src/node/native-loader.js). */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Where the module is: $SCRATCHNET_NATIVE_PATH (another build, e.g. the sanitizer's), else build/native/. */
export function nativePath(): string {
  return process.env.SCRATCHNET_NATIVE_PATH || join(ROOT, 'build', 'native', 'scratchnet.node');
}

interface BuildRecord {
  readonly ok?: boolean;
  readonly reason?: string;
  readonly moduleSha256?: string;
}

/** The record scripts/build-native.mjs keeps next to the module (build.json), or null. */
function buildRecord(path: string): BuildRecord | null {
  try {
    return JSON.parse(readFileSync(join(dirname(path), 'build.json'), 'utf8')) as BuildRecord;
  } catch {
    return null;
  }
}

/**
 * Why the file must not be handed to the dynamic loader, or null: its bytes differ from those the build
 * recorded, or (without a record) it is an ELF file whose segments reach past its end. A truncated shared
 * library is not refused by dlopen; it maps it and dies of SIGBUS on the first missing page.
 */
function unsafeToLoad(path: string, record: BuildRecord | null): string | null {
  const bytes = readFileSync(path);
  if (record?.moduleSha256) {
    const digest = createHash('sha256').update(bytes).digest('hex');
    return digest === record.moduleSha256 ? null : 'its bytes differ from those its build recorded (build.json): changed or cut short since';
  }
  return foreignElf(bytes) ?? truncatedElf(bytes);
}

/** ELF e_machine of each Node architecture: glibc refuses another CPU's module as "No such file or directory". */
const ELF_MACHINES: Readonly<Record<string, number>> = { x64: 62, arm64: 183, ia32: 3, arm: 40, riscv64: 243, ppc64: 21, s390x: 22, loong64: 258 };

/** For an ELF file, whether it was built for another CPU than this process's, or null. */
function foreignElf(b: Buffer): string | null {
  if (b.length < 20 || b.readUInt32BE(0) !== 0x7f454c46) return null;
  const machine = b[5] === 2 ? b.readUInt16BE(18) : b.readUInt16LE(18);
  const want = ELF_MACHINES[process.arch];
  if (want === undefined || machine === want) return null;
  const name = Object.keys(ELF_MACHINES).find((k) => ELF_MACHINES[k] === machine) ?? `ELF machine ${machine}`;
  return `it was built for another CPU (${name}; this Node runs on ${process.arch})`;
}

/** For a 64-bit ELF file, whether a header, program segment or section table lies past the file's end. */
function truncatedElf(b: Buffer): string | null {
  if (b.length < 64 || b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2) return null; // not ELF64: the loader's own checks refuse it
  const le = b[5] === 1;
  const u16 = (at: number): number => (le ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (at: number): number => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const u64 = (at: number): number => Number(le ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at));
  const [phoff, shoff, phentsize, phnum, shentsize, shnum] = [u64(32), u64(40), u16(54), u16(56), u16(58), u16(60)];
  const short = 'an ELF file cut short (a part it declares lies past its end)';
  if (phoff + phentsize * phnum > b.length || shoff + shentsize * shnum > b.length) return short;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (u32(at) === 1 /* PT_LOAD */ && u64(at + 8) + u64(at + 32) > b.length) return short;
  }
  return null;
}

function load(path: string): NativeStatus {
  const fail = (reason: string): NativeStatus => ({ addon: null, path, reason });
  const record = buildRecord(path);
  if (!existsSync(path)) {
    const why = record?.ok === false ? record.reason : null;
    return fail(why ? `not built: ${why}` : 'not built (run `npx scratchnet build-native`; it needs a C compiler)');
  }
  const unsafe = unsafeToLoad(path, record);
  if (unsafe) return fail(`${path} was not loaded: ${unsafe}; rebuild it with \`npx scratchnet build-native\``);
  let addon: NativeAddon;
  try {
    addon = createRequire(import.meta.url)(path) as NativeAddon;
  } catch (e) {
    return fail(`${path} did not load (${(e as Error).message.split('\n')[0]}); rebuild it with \`npx scratchnet build-native\``);
  }
  if (typeof addon !== 'object' || addon === null || addon.abi !== NATIVE_ABI || typeof addon.info !== 'function') {
    return fail(`${path} is not this version's native module (rebuild it with \`npx scratchnet build-native\`)`);
  }
  const wrong = selfTest(addon);
  return wrong ? fail(`the native module failed its self-test: ${wrong}`) : { addon, path, reason: null };
}

/** A small product in every transpose form, against sums done here in float64: a description of the first wrong entry, or null. */
function selfTest(addon: NativeAddon): string | null {
  const [m, n, k] = [5, 19, 37];
  const a = Float32Array.from({ length: m * k }, (_, i) => ((i * 7) % 11) - 5);
  const b = Float32Array.from({ length: k * n }, (_, i) => ((i * 5) % 13) - 6);
  try {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const out = new Float32Array(m * n);
      addon.matmul(a, b, out, m, n, k, ta, tb, null, 0);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += a[ta ? p * m + i : i * k + p]! * b[tb ? j * k + p : p * n + j]!;
          if (out[i * n + j] !== s) return `entry (${i}, ${j}) of a ${m}×${k}·${k}×${n} product (transA ${ta}, transB ${tb}) is ${out[i * n + j]}, not ${s}`;
        }
    }
  } catch (e) {
    return (e as Error).message;
  }
  return null;
}

let status: NativeStatus | null = null;

/** The module if it was already loaded (never loads it). */
export function loadedNative(): NativeAddon | null {
  return status?.addon ?? null;
}

/** Loads the module once (later calls return the same status). */
export function nativeStatus(): NativeStatus {
  status ??= load(nativePath());
  return status;
}
