// Where a second thread starts to pay: times float32 products of growing size on one thread and split
// across two (threshold 0), reports the hand-off cost and the crossover, from which THREAD_MIN_MACS
// (src/backend/wasm/wasm-kernels.ts) is set. Usage: node bench/threads.mjs  (run it on a quiet machine)
import { loadWasmKernels } from '../dist/src/backend/wasm/index.js';
import { createNodePool } from '../dist/src/backend/wasm/node-pool.js';
import '../dist/src/backend/node-setup.js'; // the relaxed-SIMD flag

const pools = [];
const makePool = (...args) => {
  const p = createNodePool(...args);
  pools.push(p);
  return p;
};
const one = loadWasmKernels({ threads: 2, makePool, threadMinMacs: Infinity });
const two = loadWasmKernels({ threads: 2, makePool, threadMinMacs: 0 });

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median µs of one product, over 15 batches of calls sized to take about 20 ms. */
function time(k, a, b, c, m, n, kk) {
  for (let i = 0; i < 20; i++) k.matmul(a, b, c, m, n, kk, false, false);
  let reps = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) k.matmul(a, b, c, m, n, kk, false, false);
    if (performance.now() - t > 20) break;
    reps *= 2;
  }
  const runs = [];
  for (let r = 0; r < 15; r++) {
    const t = performance.now();
    for (let i = 0; i < reps; i++) k.matmul(a, b, c, m, n, kk, false, false);
    runs.push(((performance.now() - t) * 1000) / reps);
  }
  return median(runs);
}

console.log('| m×n×k | multiply-adds | 1 thread µs | 2 threads µs | speed-up |');
console.log('|---|---:|---:|---:|---:|');
const rows = [];
for (const [m, n, k] of [[16, 16, 16], [32, 32, 32], [64, 32, 64], [64, 64, 64], [100, 50, 100], [100, 50, 200], [100, 50, 400], [100, 100, 200], [100, 50, 784], [100, 100, 784], [200, 100, 784], [1000, 50, 784]]) {
  const a = Float32Array.from({ length: m * k }, () => Math.random());
  const b = Float32Array.from({ length: k * n }, () => Math.random());
  const c = new Float32Array(m * n);
  const t1 = time(one, a, b, c, m, n, k);
  const t2 = time(two, a, b, c, m, n, k);
  rows.push({ macs: m * n * k, t1, t2 });
  console.log(`| ${m}×${n}×${k} | ${(m * n * k).toLocaleString('en')} | ${t1.toFixed(1)} | ${t2.toFixed(1)} | ${(t1 / t2).toFixed(2)}× |`);
}
// the hand-off: on the smallest product the split saves almost nothing, so two-thread time − half the one-thread time ≈ the dispatch
const small = rows[0];
console.log(`\nhand-off cost ≈ ${(small.t2 - small.t1 / 2).toFixed(1)} µs (smallest product, two threads minus half of one)`);
const first = rows.find((r, i) => r.t2 < r.t1 && rows.slice(i).every((s) => s.t2 < s.t1));
console.log(first ? `two threads win from ${first.macs.toLocaleString('en')} multiply-adds on` : 'two threads never win here');
for (const p of pools) p.close();
