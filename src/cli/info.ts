import { cpus, platform, arch } from 'node:os';
import { getBackend } from '../backend/index.js';
import { nativeStatus } from '../node/native-loader.js';
import { parse } from './args.js';

export const INFO_HELP = `Usage: scratchnet info [options]

Names the kernels scratchnet runs on here: the backend, its instruction set and threads, and, when the
native kernels are not in use, why.

Options:
  --json             print the same as JSON
  -h, --help         show this help
`;

const ISA_NAMES: Record<string, string> = {
  avx512: 'AVX-512 (x86-64, 512-bit vectors, fused multiply-add)',
  avx2: 'AVX2 + FMA (x86-64, 256-bit vectors, fused multiply-add)',
  portable: 'portable C (no hand-written vector code for this CPU)',
};

/** What `info` reports, as data. */
export function backendReport(): Record<string, unknown> {
  const kernels = getBackend() as ReturnType<typeof getBackend> & { threads?: number; isa?: string };
  const native = nativeStatus();
  const info = native.addon?.info();
  const inUse = kernels.name.startsWith('native-');
  const isa = kernels.isa ? ISA_NAMES[kernels.isa] ?? kernels.isa
    : kernels.name.startsWith('wasm-relaxed-simd') ? 'WebAssembly 128-bit SIMD with relaxed (fused where the CPU has it) multiply-add'
    : kernels.name.startsWith('wasm-simd') ? 'WebAssembly 128-bit SIMD'
    : 'TypeScript (no vector instructions)';
  return {
    backend: kernels.name,
    instructionSet: isa,
    threads: kernels.threads ?? 1,
    native: {
      inUse,
      path: native.path,
      ...(native.reason ? { notLoaded: native.reason } : {}),
      ...(info ? { compiled: info.compiled, cpuRuns: info.runs } : {}),
      ...(native.addon && !inUse ? { notChosen: process.env.SCRATCHNET_BACKEND ? `SCRATCHNET_BACKEND=${process.env.SCRATCHNET_BACKEND}` : 'another backend was chosen (--backend or setBackend)' } : {}),
    },
    node: process.version,
    platform: `${platform()} ${arch()}`,
    cpu: `${cpus()[0]?.model.trim() ?? 'unknown'}, ${cpus().length} cores`,
  };
}

export function infoCommand(argv: readonly string[]): void {
  const f = parse('info', argv, { json: 'boolean', debug: 'boolean', help: 'boolean' });
  if (f.bool('help')) {
    process.stdout.write(INFO_HELP);
    return;
  }
  const r = backendReport();
  if (f.bool('json')) {
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  const n = r.native as { inUse: boolean; path: string; notLoaded?: string; notChosen?: string; compiled?: string[]; cpuRuns?: string[] };
  const lines = [
    `backend: ${r.backend}`,
    `instruction set: ${r.instructionSet}`,
    `threads: ${r.threads}`,
    n.notLoaded ? `native kernels: not loaded: ${n.notLoaded}` : `native kernels: ${n.path} (compiled for ${n.compiled!.join(', ')}; this CPU runs ${n.cpuRuns!.join(', ')})${n.notChosen ? `; not in use: ${n.notChosen}` : ''}`,
    `node ${r.node} on ${r.platform}, ${r.cpu}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
