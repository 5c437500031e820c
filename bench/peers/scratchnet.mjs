// scratchnet's side of the benchmarks. Usage: node bench/peers/scratchnet.mjs W1|W2|W3|W4|deep|lstm [--quick]
// Prints one JSON object per measurement.
import { Adam, DeepConvNet, MultiLayerNet, Rng, SGD, SimpleConvNet, Tensor, TimeLSTM, Trainer, TwoLayerNet, getBackend, loadMnist, takeLabels, takeRows } from 'scratchnet';
import { median, report, timeIterations } from './common.mjs';

const [workload, flag] = process.argv.slice(2);
const quick = flag === '--quick';
const backend = getBackend();
const peer = { peer: 'scratchnet', version: (await import('../../package.json', { with: { type: 'json' } })).default.version, backend: backend.name, threads: backend.threads ?? 1 };

function trainStep(model, optimizer, data, rng, batch) {
  const idx = Int32Array.from({ length: batch }, () => rng.int(data.images.shape[0]));
  return () => {
    const { grads } = model.lossAndGradient(takeRows(data.images, idx), takeLabels(data.labels, idx));
    optimizer.update(model.params, grads);
  };
}

if (workload === 'W1') {
  const data = loadMnist();
  const iters = quick ? 1000 : 10000;
  const trainer = new Trainer(new TwoLayerNet(784, 50, 10), data, { optimizer: new SGD(0.1), iters, batchSize: 100 });
  const stepTimes = [];
  const t0 = performance.now();
  while (!trainer.done) {
    const s = performance.now();
    const before = trainer.history.length;
    trainer.step();
    if (trainer.history.length === before) stepTimes.push(performance.now() - s);
  }
  const seconds = (performance.now() - t0) / 1000;
  const r = trainer.result();
  report({ ...peer, workload, metric: 'whole run', value: seconds, unit: 's', testAcc: r.testAcc, evaluations: r.history.length });
  report({ ...peer, workload, metric: 'training iteration', value: median(stepTimes), unit: 'ms' });
} else if (workload === 'W2' || workload === 'W3') {
  const conv = workload === 'W2';
  const data = loadMnist({ flatten: !conv, trainLimit: 10000, testLimit: 1 }).train;
  const model = conv ? new SimpleConvNet() : new MultiLayerNet({ inputSize: 784, hiddenSizes: [100, 100, 100, 100], outputSize: 10, weightInit: 'he' });
  const ms = timeIterations(trainStep(model, new Adam(0.001), data, new Rng(1), 100), conv ? (quick ? 5 : 20) : quick ? 50 : 300, 3);
  report({ ...peer, workload, metric: 'training iteration', value: ms, unit: 'ms' });
} else if (workload === 'deep') {
  // the book's DeepConvNet with Adam, batch 100: the median step, and an epoch of 600 steps estimated from it
  const data = loadMnist({ flatten: false, trainLimit: 10000, testLimit: 1 }).train;
  const ms = timeIterations(trainStep(new DeepConvNet(), new Adam(0.001), data, new Rng(1), 100), quick ? 3 : 10, 2);
  report({ ...peer, workload, metric: 'training iteration', value: ms, unit: 'ms' });
  report({ ...peer, workload, metric: 'epoch (600 steps, from the median)', value: (ms * 600) / 1000, unit: 's' });
} else if (workload === 'W4') {
  const rng = new Rng(1);
  for (const [name, m, k, n, transA, transB] of [
    ['X·W 100×784·784×50', 100, 784, 50, false, false],
    ['Xᵀ·dY 784×100·100×50', 784, 100, 50, true, false],
    ['dY·Wᵀ 100×50·50×784', 100, 50, 784, false, true],
    ['im2col 57600×25·25×30', 57600, 25, 30, false, false],
    ['1024²', 1024, 1024, 1024, false, false],
  ]) {
    const a = Tensor.randn(transA ? [k, m] : [m, k], rng);
    const b = Tensor.randn(transB ? [n, k] : [k, n], rng);
    const ms = timeIterations(() => a.matmul(b, { transA, transB }), quick ? 5 : 30, 3);
    report({ ...peer, workload, metric: name, value: (2 * m * n * k) / ms / 1e6, unit: 'GFLOPS' });
  }
} else if (workload === 'lstm') {
  // TimeLSTM forward and backward at the book's seq2seq sizes (N 128, T 30, D 16, H 256)
  const rng = new Rng(1);
  const [N, T, D, H] = [128, 30, 16, 256];
  const lstm = new TimeLSTM(Tensor.randn([D, 4 * H], rng).mul(1 / Math.sqrt(D)), Tensor.randn([H, 4 * H], rng).mul(1 / Math.sqrt(H)), Tensor.zeros([4 * H]));
  const xs = Tensor.randn([N, T, D], rng), dhs = Tensor.randn([N, T, H], rng);
  const ms = timeIterations(() => {
    lstm.forward(xs);
    lstm.backward(dhs);
  }, quick ? 3 : 10, 2);
  report({ ...peer, workload, metric: 'TimeLSTM forward+backward', value: ms, unit: 'ms' });
} else {
  console.error('usage: node bench/peers/scratchnet.mjs W1|W2|W3|W4|deep|lstm [--quick]');
  process.exit(2);
}
