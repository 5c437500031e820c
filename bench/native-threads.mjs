// Where a second thread starts to pay for the native kernels: times float32 products of growing size, and
// im2col/col2im, on one thread and split across two (threshold 0), back to back and after 2 ms of other
// work (the helper asleep), from which NATIVE_THREAD_MIN_MACS (src/node/native-backend.ts) and
// COLUMN_WEIGHT (native/bind-conv.c) are set. Usage: node bench/native-threads.mjs (a quiet machine)
import { createNativeKernels } from '../dist/src/node/native-backend.js';
import { nativeStatus } from '../dist/src/node/native-loader.js';
import { median } from './peers/common.mjs';

const { addon, reason } = nativeStatus();
if (!addon) {
  console.error(`bench/native-threads.mjs: the native kernels did not load: ${reason}`);
  process.exit(2);
}
const one = createNativeKernels(addon, { threads: 1 });
const two = createNativeKernels(addon, { threads: 2, threadMinMacs: 0 });

/** Median µs of `run(kernels)` for each, in alternation; `asleep` first spends 2 ms elsewhere so the helper sleeps. */
function time(cases, run) {
  const once = ([k, asleep], reps) => {
    let spent = 0;
    for (let i = 0; i < reps; i++) {
      if (asleep) {
        const until = performance.now() + 2;
        while (performance.now() < until);
      }
      const t = performance.now();
      run(k);
      spent += performance.now() - t;
    }
    return (spent * 1000) / reps;
  };
  for (const c of cases) once(c, 10);
  let reps = 1;
  while (once(cases[0], reps) * reps < 5000 && reps < 256) reps *= 2;
  const runs = cases.map(() => []);
  for (let r = 0; r < 21; r++) cases.forEach((c, i) => runs[i].push(once(c, reps)));
  return runs.map(median);
}

const cases = [[one, false], [two, false], [two, true]];
console.log('| product m×n×k | multiply-adds | 1 thread µs | 2 threads µs | speed-up | 2 threads, helper woken µs | speed-up |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
const rows = [];
for (const [m, n, k] of [[64, 64, 64], [100, 50, 100], [100, 50, 200], [100, 100, 100], [100, 50, 784], [100, 100, 784], [200, 100, 784], [1000, 50, 784], [57600, 30, 25], [1024, 1024, 1024]]) {
  const a = Float32Array.from({ length: m * k }, () => Math.random());
  const b = Float32Array.from({ length: k * n }, () => Math.random());
  const c = new Float32Array(m * n);
  const [t1, t2, t3] = time(cases, (kernels) => kernels.matmul(a, b, c, m, n, k, false, false));
  rows.push({ macs: m * n * k, t1, t2, t3 });
  console.log(`| ${m}×${n}×${k} | ${(m * n * k).toLocaleString('en')} | ${t1.toFixed(1)} | ${t2.toFixed(1)} | ${(t1 / t2).toFixed(2)}× | ${t3.toFixed(1)} | ${(t1 / t3).toFixed(2)}× |`);
}
const small = rows[0];
console.log(`\nhand-off ≈ ${(small.t2 - small.t1 / 2).toFixed(1)} µs to a spinning helper, ≈ ${(small.t3 - small.t1 / 2).toFixed(1)} µs to a sleeping one (smallest product, two threads minus half of one)`);
for (const [key, what] of [['t2', 'back to back'], ['t3', 'with the helper woken each time']]) {
  const first = rows.find((r, i) => rows.slice(i).every((s) => s[key] < s.t1 * 0.9));
  console.log(`${what}: two threads win by 10% or more from ${first ? `${first.macs.toLocaleString('en')} multiply-adds on` : 'no size here'}`);
}

console.log('\n| im2col / col2im N×C×H×W, window | column values | 1 thread µs | 2 threads µs | speed-up |');
console.log('|---|---:|---:|---:|---:|');
for (const [N, C, H, W, F, pad] of [[10, 1, 28, 28, 5, 0], [100, 1, 28, 28, 5, 0], [100, 16, 28, 28, 3, 1], [100, 32, 14, 14, 3, 1]]) {
  const g = { N, C, H, W, FH: F, FW: F, stride: 1, pad, OH: H + 2 * pad - F + 1, OW: W + 2 * pad - F + 1 };
  const x = Float32Array.from({ length: N * C * H * W }, () => Math.random());
  const cols = new Float32Array(N * g.OH * g.OW * C * F * F);
  const back = new Float32Array(x.length);
  for (const [name, run] of [['im2col', (k) => k.im2col(x, cols, g, 0)], ['col2im', (k) => k.col2im(cols, back, g)]]) {
    const [t1, t2] = time([[one, false], [createNativeKernels(addon, { threads: 2, threadMinMacs: 0 }), false]], run);
    console.log(`| ${name} ${N}×${C}×${H}×${W}, ${F}×${F} | ${cols.length.toLocaleString('en')} | ${t1.toFixed(1)} | ${t2.toFixed(1)} | ${(t1 / t2).toFixed(2)}× |`);
  }
}
addon.release();
