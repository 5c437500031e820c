// The native and WebAssembly backends of this build in one process, alternating (ABBA), on blocks of
// training steps of a workload: each one's median ms per step and the median of the per-round ratios
// (WebAssembly ÷ native: above 1 means native is faster). In one process they share the heap, the caches
// and the machine's mood, so the ratio holds up on a machine too noisy for separate runs.
//
//   node bench/native-ab.mjs [W1|W1eval|W2|W3|deep] [--threads N] [--rounds R]
import { DeepConvNet, MultiLayerNet, Rng, SGD, Adam, SimpleConvNet, TwoLayerNet, getBackend, loadMnist, setBackend, setThreads, takeLabels, takeRows } from '../dist/src/index.js';
import { median } from './peers/common.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const workload = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'W1';
const threads = option('--threads', 1);
const rounds = option('--rounds', 15);
if (!['W1', 'W1eval', 'W2', 'W3', 'deep'].includes(workload) || !Number.isSafeInteger(threads) || !Number.isSafeInteger(rounds) || rounds < 2) {
  console.error('usage: node bench/native-ab.mjs [W1|W1eval|W2|W3|deep] [--threads N] [--rounds R ≥ 2]');
  process.exit(2);
}
const conv = workload === 'W2' || workload === 'deep';
const data = loadMnist({ flatten: !conv, trainLimit: 10000, testLimit: 1 }).train;
const contenders = ['native', 'wasm'].map((name) => {
  setBackend(name);
  setThreads(threads);
  const kernels = getBackend();
  const net = { W1: () => new TwoLayerNet(784, 50, 10, { seed: 1 }), W1eval: () => new TwoLayerNet(784, 50, 10, { seed: 1 }), W2: () => new SimpleConvNet({ seed: 1 }), W3: () => new MultiLayerNet({ inputSize: 784, hiddenSizes: [100, 100, 100, 100], outputSize: 10, weightInit: 'he', seed: 1 }), deep: () => new DeepConvNet({ seed: 1 }) }[workload]();
  const optimizer = workload.startsWith('W1') ? new SGD(0.1) : new Adam(0.001);
  const rng = new Rng(1);
  const train = () => {
    const idx = Int32Array.from({ length: 100 }, () => rng.int(10000));
    const { grads } = net.lossAndGradient(takeRows(data.images, idx), takeLabels(data.labels, idx));
    optimizer.update(net.params, grads);
  };
  let step = train;
  if (workload === 'W1eval') {
    for (let i = 0; i < 200; i++) train();
    step = () => net.accuracy(data.images, data.labels, { batchSize: 1000 });
  }
  return { name: kernels.name, kernels, step };
});
const block = { deep: 2, W2: 5, W1eval: 1, W3: 50 }[workload] ?? 100;
const time = (c) => {
  setBackend(c.kernels);
  const t0 = performance.now();
  for (let i = 0; i < block; i++) c.step();
  return (performance.now() - t0) / block;
};
contenders.forEach((c) => time(c)); // warm-up
const ms = [[], []];
const ratios = [];
for (let r = 0; r < rounds; r++) {
  const t = [0, 0];
  for (const i of r % 2 ? [1, 0] : [0, 1]) t[i] = time(contenders[i]);
  ms[0].push(t[0]);
  ms[1].push(t[1]);
  ratios.push(t[1] / t[0]);
}
console.log(`${workload}, ${threads} thread(s), ${rounds} rounds of ${block} ${workload === 'W1eval' ? 'evaluation' : 'steps'} each`);
contenders.forEach((c, i) => console.log(`  ${c.name}: ${median(ms[i]).toFixed(3)} ms per ${workload === 'W1eval' ? 'evaluation' : 'step'}`));
console.log(`  WebAssembly ÷ native, median of the rounds: ${median(ratios).toFixed(3)}× (spread ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`);
setThreads(1);
