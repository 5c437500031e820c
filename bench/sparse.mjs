// Where skipping A's zeros pays: times the WebAssembly product with the sparse path forced on
// (sparseMaxDensity 1) and off (−1), alternating in one process, over densities of A, on the shapes
// of the book's fully connected layers in their three backprop forms. Prints a markdown table of
// dense ÷ sparse (above 1: skipping zeros is faster); SPARSE_MAX_DENSITY is set from it. (Rows of fewer
// than SPARSE_MIN_K values never take the sparse path, so the convolutions' short rows are not here.)
//
//   npm run build && node bench/sparse.mjs [--rounds R]
import { Rng, loadWasmKernels } from '../dist/src/index.js';
import { SPARSE_MAX_DENSITY } from '../dist/src/experimental.js';
import { median } from './peers/common.mjs';

const args = process.argv.slice(2);
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 7;
if (!Number.isSafeInteger(rounds) || rounds < 1) {
  console.error('usage: node bench/sparse.mjs [--rounds R ≥ 1]');
  process.exit(2);
}
const kernels = [loadWasmKernels({ sparseMaxDensity: -1 }), loadWasmKernels({ sparseMaxDensity: 1 })];
const rng = new Rng(1);
const shapes = [
  // name, m, n, k, transA, transB
  ['X·W 100×784·784×50', 100, 50, 784, false, false],
  ['Xᵀ·dY 784×100·100×50', 784, 50, 100, true, false],
  ['X·W 100×784·784×100', 100, 100, 784, false, false],
  ['H·W 100×100·100×100', 100, 100, 100, false, false],
  ['Hᵀ·dY 100×100·100×100', 100, 100, 100, true, false],
  ['dY·Wᵀ 100×100·100×100', 100, 100, 100, false, true],
];
const densities = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
const rows = [];
for (const [name, m, n, k, transA, transB] of shapes) {
  const cells = [];
  for (const density of densities) {
    const a = Float32Array.from({ length: m * k }, () => (rng.uniform() < density ? rng.normal() : 0));
    const b = Float32Array.from({ length: k * n }, () => rng.normal());
    const reps = Math.max(5, Math.round(2e7 / (m * n * k)));
    const time = (K) => {
      const t0 = performance.now();
      for (let r = 0; r < reps; r++) K.matmul(a, b, null, m, n, k, transA, transB);
      return (performance.now() - t0) / reps;
    };
    kernels.forEach(time); // warm-up
    const ratios = [];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 ? [1, 0] : [0, 1];
      const t = [];
      for (const i of order) t[i] = time(kernels[i]);
      ratios.push(t[0] / t[1]);
    }
    cells.push(median(ratios).toFixed(2));
  }
  rows.push(`| ${name} | ${cells.join(' | ')} |`);
}
console.log(`dense ÷ sparse time, median of ${rounds} alternating rounds (above 1: skipping zeros is faster); default threshold ${SPARSE_MAX_DENSITY}\n`);
console.log(`| product | ${densities.map((d) => `${d * 100}% nonzero`).join(' | ')} |`);
console.log(`|---|${densities.map(() => '---').join('|')}|`);
for (const r of rows) console.log(r);
