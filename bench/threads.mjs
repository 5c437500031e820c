// Where a second thread starts to pay: times float32 products of growing size on one thread and split
// across two (threshold 0), reports the hand-off cost and the crossover, from which THREAD_MIN_MACS
// (src/backend/wasm/wasm-kernels.ts) is set. Usage: node bench/threads.mjs  (run it on a quiet machine)
import { loadWasmKernels } from '../dist/src/backend/wasm/index.js';
import { createNodePool } from '../dist/src/node/thread-pool.js';
import '../dist/src/node/backend-setup.js'; // the relaxed-SIMD flag

const pools = [];
const makePool = (...args) => {
  const p = createNodePool(...args);
  pools.push(p);
  return p;
};
const one = loadWasmKernels({ threads: 2, makePool, threadMinMacs: Infinity });
const two = loadWasmKernels({ threads: 2, makePool, threadMinMacs: 0 });
// the same kernels, timed after 2 ms of other work each time: a training loop's case, where the
// worker has gone to sleep between products and must be woken
const asleep = { matmul: two.matmul, asleep: true };

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median µs of one product for each of `kernels`, measured in alternation (the machine's noise hits both alike). */
function time(kernels, a, b, c, m, n, kk) {
  const once = (k, reps) => {
    let spent = 0;
    for (let i = 0; i < reps; i++) {
      if (k.asleep) {
        // other work between products, long enough for the worker to stop spinning and sleep
        const until = performance.now() + 2;
        while (performance.now() < until);
      }
      const t = performance.now();
      k.matmul(a, b, c, m, n, kk, false, false);
      spent += performance.now() - t;
    }
    return (spent * 1000) / reps;
  };
  for (const k of kernels) once(k, 20);
  let reps = 1;
  while (once(kernels[0], reps) * reps < 5000 && reps < 64) reps *= 2; // about 5 ms a batch
  const runs = kernels.map(() => []);
  for (let r = 0; r < 25; r++) kernels.forEach((k, i) => runs[i].push(once(k, reps)));
  return runs.map(median);
}

console.log('| m×n×k | multiply-adds | 1 thread µs | 2 threads µs | speed-up | 2 threads, worker woken µs | speed-up |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
const rows = [];
for (const [m, n, k] of [[16, 16, 16], [32, 32, 32], [64, 32, 64], [64, 64, 64], [100, 50, 100], [100, 50, 200], [100, 50, 400], [100, 100, 200], [100, 50, 784], [100, 100, 784], [200, 100, 784], [1000, 50, 784], [1024, 1024, 1024]]) {
  const a = Float32Array.from({ length: m * k }, () => Math.random());
  const b = Float32Array.from({ length: k * n }, () => Math.random());
  const c = new Float32Array(m * n);
  const [t1, t2, t3] = time([one, two, asleep], a, b, c, m, n, k);
  rows.push({ macs: m * n * k, t1, t2, t3 });
  console.log(`| ${m}×${n}×${k} | ${(m * n * k).toLocaleString('en')} | ${t1.toFixed(1)} | ${t2.toFixed(1)} | ${(t1 / t2).toFixed(2)}× | ${t3.toFixed(1)} | ${(t1 / t3).toFixed(2)}× |`);
}
// the hand-off: on the smallest product the split saves almost nothing, so two-thread time − half the one-thread time ≈ the dispatch
const small = rows[0];
console.log(`\nhand-off ≈ ${(small.t2 - small.t1 / 2).toFixed(1)} µs to a spinning worker, ≈ ${(small.t3 - small.t1 / 2).toFixed(1)} µs to a sleeping one (smallest product, two threads minus half of one)`);
for (const [key, what] of [['t2', 'back to back'], ['t3', 'with the worker woken each time']]) {
  const first = rows.find((r, i) => rows.slice(i).every((s) => s[key] < s.t1 * 0.9));
  console.log(`${what}: two threads win by 10% or more from ${first ? `${first.macs.toLocaleString('en')} multiply-adds on` : 'no size here'}`);
}
for (const p of pools) p.close();
