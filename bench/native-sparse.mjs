// Where skipping zeros pays for the native kernels: times each product with the zero-skipping path forced
// on and off, alternating in one process, for A with random zeros at several densities (dense time ÷
// sparse time; above 1 the sparse path is faster), one thread. NATIVE_SPARSE_MAX_DENSITY
// (src/node/native-backend.ts) is set from it. Usage: node bench/native-sparse.mjs [--isa avx2]
import { createNativeKernels } from '../dist/src/node/native-backend.js';
import { nativeStatus } from '../dist/src/node/native-loader.js';
import { median } from './peers/common.mjs';

const { addon, reason } = nativeStatus();
if (!addon) {
  console.error(`bench/native-sparse.mjs: the native kernels did not load: ${reason}`);
  process.exit(2);
}
const args = process.argv.slice(2);
const isa = args.includes('--isa') ? args[args.indexOf('--isa') + 1] : undefined;
const dense = createNativeKernels(addon, { isa, sparseMaxDensity: -1 });
const sparse = createNativeKernels(addon, { isa, sparseMaxDensity: 1 });
const densities = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8];

function time(kernels, a, b, c, m, n, k, ta, tb) {
  const once = (kk, reps) => {
    const t = performance.now();
    for (let i = 0; i < reps; i++) kk.matmul(a, b, c, m, n, k, ta, tb);
    return ((performance.now() - t) * 1000) / reps;
  };
  for (const kk of kernels) once(kk, 20);
  let reps = 1;
  while (once(kernels[0], reps) * reps < 3000 && reps < 4096) reps *= 2;
  const runs = kernels.map(() => []);
  for (let r = 0; r < 15; r++) kernels.forEach((kk, i) => runs[i].push(once(kk, reps)));
  return runs.map(median);
}

console.log(`${dense.name}: dense µs ÷ zero-skipping µs, one thread (above 1: skipping is faster)\n`);
console.log(`| product | dense µs | ${densities.map((d) => `${d * 100}% nonzero`).join(' | ')} |`);
console.log(`|---|---:|${densities.map(() => '---:').join('|')}|`);
for (const [name, m, k, n, ta, tb] of [
  ['X·W 100×784·784×50', 100, 784, 50, false, false],
  ['Xᵀ·dY 784×100·100×50', 784, 100, 50, true, false],
  ['X·W 100×784·784×100', 100, 784, 100, false, false],
  ['H·W 100×100·100×100', 100, 100, 100, false, false],
  ['Hᵀ·dY 100×100·100×100', 100, 100, 100, true, false],
  ['dY·Wᵀ 100×100·100×100', 100, 100, 100, false, true],
]) {
  const b = Float32Array.from({ length: k * n }, () => Math.random() - 0.5);
  const c = new Float32Array(m * n);
  const cells = [];
  let denseUs = 0;
  for (const d of densities) {
    const a = Float32Array.from({ length: m * k }, () => (Math.random() < d ? Math.random() : 0));
    const [td, ts] = time([dense, sparse], a, b, c, m, n, k, ta, tb);
    denseUs = td;
    cells.push((td / ts).toFixed(2));
  }
  console.log(`| ${name} | ${denseUs.toFixed(1)} | ${cells.join(' | ')} |`);
}
