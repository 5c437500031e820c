// Where a training step's time goes, kernel by kernel: wraps every kernel of the installed backend
// with a CPU-time counter (process.cpuUsage, so a descheduled moment on a shared machine is not
// counted) and prints each call site's share of the steps, the largest first.
//
//   node bench/kernel-profile.mjs [deep|W2|W3] [--steps N] [--threads N]
import { Adam, DeepConvNet, MultiLayerNet, Rng, SimpleConvNet, getBackend, loadMnist, setBackend, setThreads, takeLabels, takeRows } from '../dist/src/index.js';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const workload = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'deep';
const steps = option('--steps', 6);
setThreads(option('--threads', 1));
const kernels = getBackend();
const data = loadMnist({ flatten: workload === 'W3', trainLimit: 10000, testLimit: 1 }).train;
const net = { deep: () => new DeepConvNet({ seed: 1 }), W2: () => new SimpleConvNet({ seed: 1 }), W3: () => new MultiLayerNet({ inputSize: 784, hiddenSizes: [100, 100, 100, 100], outputSize: 10, weightInit: 'he', seed: 1 }) }[workload]();
const optimizer = new Adam(0.001);
const rng = new Rng(1);
const step = () => {
  const idx = Int32Array.from({ length: 100 }, () => rng.int(10000));
  const { grads } = net.lossAndGradient(takeRows(data.images, idx), takeLabels(data.labels, idx));
  optimizer.update(net.params, grads);
};
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const tag = (name, args) => {
  if (name === 'matmul') return `matmul ${args[3]}×${args[4]}×${args[5]}${args[6] ? ' Aᵀ' : ''}${args[7] ? ' Bᵀ' : ''}${args[9] ? ' blocks' : ''}`;
  if (name === 'im2col' || name === 'col2im' || name === 'maxPool') {
    const g = args[name === 'maxPool' ? 3 : 2];
    return `${name} C${g.C} ${g.H}×${g.W} ${g.FH}×${g.FW}`;
  }
  if (name === 'binary' || name === 'unary' || name === 'binaryScalar' || name === 'reduce') return `${name} ${args[0]} ${args[1].length}`;
  return name;
};
const spent = new Map();
const wrapped = { ...kernels };
for (const [name, f] of Object.entries(kernels)) {
  if (typeof f !== 'function' || name === 'newState') continue;
  wrapped[name] = (...a) => {
    const t0 = cpu();
    const r = f(...a);
    const key = tag(name, a);
    const s = spent.get(key) ?? { ms: 0, calls: 0 };
    s.ms += cpu() - t0;
    s.calls++;
    spent.set(key, s);
    return r;
  };
}
setBackend(kernels);
step(); // warm-up
setBackend(wrapped);
spent.clear();
const t0 = cpu();
for (let i = 0; i < steps; i++) step();
const total = cpu() - t0;
setBackend(kernels);
const rows = [...spent].sort((a, b) => b[1].ms - a[1].ms);
const inKernels = rows.reduce((s, [, v]) => s + v.ms, 0);
console.log(`${workload} on ${kernels.name}: ${(total / steps).toFixed(1)} ms of CPU a step, ${((100 * inKernels) / total).toFixed(0)}% in kernels`);
for (const [key, v] of rows.slice(0, 30)) console.log(`${((100 * v.ms) / total).toFixed(1).padStart(5)}%  ${(v.ms / steps).toFixed(2).padStart(8)} ms  ${String(v.calls / steps).padStart(4)}×  ${key}`);
