// W4's products on one thread, each two ways: into an existing result, and through Tensor.matmul (a new
// result each call, as W4 times them), for scratchnet's default backend and numpy float32 (`out=` and `@`),
// alternating for three rounds in one run. It shows how much of W4 is the product and how much the
// first touch of fresh memory in a young process. Usage: node bench/fresh-results.mjs
import { spawnSync } from 'node:child_process';
import { Rng, Tensor, getBackend, setThreads } from '../dist/src/index.js';
import { median } from './peers/common.mjs';

setThreads(1);
const SHAPES = [['X·W 100×784·784×50', 100, 784, 50, false, false], ['Xᵀ·dY 784×100·100×50', 784, 100, 50, true, false], ['dY·Wᵀ 100×50·50×784', 100, 50, 784, false, true], ['im2col 57600×25·25×30', 57600, 25, 30, false, false], ['1024²', 1024, 1024, 1024, false, false]];
const reps = (m, n, k) => (m * n * k > 1e8 ? 20 : 200);

/** GFLOPS of the median call after 3 untimed ones. */
function gflops(f, m, n, k) {
  for (let i = 0; i < 3; i++) f();
  const times = [];
  for (let i = 0; i < reps(m, n, k); i++) {
    const t = performance.now();
    f();
    times.push(performance.now() - t);
  }
  return (2 * m * n * k) / median(times) / 1e6;
}

/** One round in a fresh process of its own, as W4 runs: { shape: [into, fresh] } in GFLOPS. */
function ours() {
  const rng = new Rng(1);
  const out = {};
  for (const [name, m, k, n, transA, transB] of SHAPES) {
    const a = Tensor.randn(transA ? [k, m] : [m, k], rng);
    const b = Tensor.randn(transB ? [n, k] : [k, n], rng);
    const fresh = gflops(() => a.matmul(b, { transA, transB }), m, n, k);
    const c = new Float32Array(m * n);
    out[name] = [gflops(() => a.kernels.matmul(a.data, b.data, c, m, n, k, transA, transB), m, n, k), fresh];
  }
  return out;
}

const NUMPY = `
import json, sys, time, numpy as np
rng = np.random.default_rng(1)
out = {}
for name, m, k, n, ta, tb in json.loads(sys.argv[1]):
    a = rng.standard_normal((k, m) if ta else (m, k), dtype=np.float32); b = rng.standard_normal((n, k) if tb else (k, n), dtype=np.float32)
    A, B = (a.T if ta else a), (b.T if tb else b)
    c = np.empty((m, n), np.float32)
    def g(f):
        for _ in range(3): f()
        ts = []
        for _ in range(20 if m * n * k > 1e8 else 200):
            s = time.perf_counter(); f(); ts.append(time.perf_counter() - s)
        return 2 * m * n * k / sorted(ts)[len(ts) // 2] / 1e9
    out[name] = [g(lambda: np.matmul(A, B, out=c)), g(lambda: A @ B)]
print(json.dumps(out))`;

if (process.argv[2] === '--ours') {
  console.log(JSON.stringify(ours()));
} else {
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OPENBLAS_CORETYPE: 'SkylakeX' };
  const rounds = { ours: [], numpy: [] };
  for (let r = 0; r < 3; r++) {
    rounds.ours.push(JSON.parse(spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--ours'], { encoding: 'utf8' }).stdout));
    const py = spawnSync('/usr/bin/python3', ['-c', NUMPY, JSON.stringify(SHAPES.map(([n, m, k, nn, ta, tb]) => [n, m, k, nn, ta, tb]))], { encoding: 'utf8', env });
    if (py.status !== 0) throw new Error(`numpy failed: ${py.stderr}`);
    rounds.numpy.push(JSON.parse(py.stdout));
  }
  const med = (who, name, i) => median(rounds[who].map((r) => r[name][i]));
  console.log(`${getBackend().name.replace(/ ×\d+ threads/, '')}, one thread; GFLOPS, the median of 3 rounds\n`);
  console.log('| product | scratchnet into a result | numpy `out=` | ratio | scratchnet Tensor.matmul | numpy `@` | ratio |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const [name] of SHAPES) {
    const [oi, ni, of, nf] = [med('ours', name, 0), med('numpy', name, 0), med('ours', name, 1), med('numpy', name, 1)];
    console.log(`| ${name} | ${oi.toFixed(1)} | ${ni.toFixed(1)} | ${(oi / ni).toFixed(2)}× | ${of.toFixed(1)} | ${nf.toFixed(1)} | ${(of / nf).toFixed(2)}× |`);
  }
}
