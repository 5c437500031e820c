// The book's ch06/weight_init_compare.py: three 5-layer ReLU networks with weights of std 0.01,
// Xavier's 1/√n and He's √(2/n), trained by SGD (lr 0.01) on the same batches of 128 for 2,000
// iterations; the loss every 100 iterations and smoothed curves.
// Run: npm run example -- ch06/weight_init_compare [--iters N] [--quick]   (--quick: 200 iterations)
//   → examples/out/book/ch06/weight_init_compare.svg
import { BatchSampler, MultiLayerNet, Rng, SGD, lineChartSvg, loadMnist, takeLabels, takeRows } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { pyFloat, smoothCurve } from '../lib/numpy.mjs';

const ex = example(import.meta.url, { iters: 2000, quick: false, seed: 0 });
const { train } = loadMnist({ normalize: true });

const trainSize = train.images.shape[0];
const batchSize = 128;
const maxIterations = ex.flags.quick ? 200 : ex.flags.iters;

const weightInitTypes = { 'std=0.01': 0.01, Xavier: 'xavier', He: 'he' };
const optimizer = new SGD(0.01);
const networks = {};
const trainLoss = {};
for (const [key, weightType] of Object.entries(weightInitTypes)) {
  networks[key] = new MultiLayerNet({ inputSize: 784, hiddenSizes: [100, 100, 100, 100], outputSize: 10, weightInit: weightType, seed: ex.flags.seed });
  trainLoss[key] = [];
}

const sampler = new BatchSampler(trainSize, batchSize, new Rng(ex.flags.seed), 'random');
const t0 = performance.now();
for (let i = 0; i < maxIterations; i++) {
  const batchMask = sampler.next();
  const xBatch = takeRows(train.images, batchMask);
  const tBatch = takeLabels(train.labels, batchMask);
  for (const key of Object.keys(weightInitTypes)) {
    const grads = networks[key].gradient(xBatch, tBatch);
    optimizer.update(networks[key].params, grads);
    trainLoss[key].push(networks[key].loss(xBatch, tBatch));
  }
  if (i % 100 === 0) {
    console.log(`===========iteration:${i}===========`);
    for (const key of Object.keys(weightInitTypes)) console.log(`${key}:${pyFloat(trainLoss[key][i])}`);
  }
}
console.log(`${maxIterations} iterations of 3 networks in ${seconds(t0)} s`);
const series = Object.keys(weightInitTypes).map((key) => ({ name: key, points: smoothCurve(trainLoss[key]).map((l, i) => [i, l]) }));
ex.save('weight_init_compare.svg', lineChartSvg([{ xLabel: 'iterations', yLabel: 'loss', series, yRange: [0, 2.5] }], { title: 'Initial weights: std 0.01, Xavier, He (5-layer ReLU network, SGD 0.01)' }));
