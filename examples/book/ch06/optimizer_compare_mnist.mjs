// The book's ch06/optimizer_compare_mnist.py: four 5-layer networks (784-100-100-100-100-10, ReLU,
// He initialization) trained on the same mini-batches (128 drawn with replacement) by SGD, Momentum,
// AdaGrad and Adam for 2,000 iterations; the loss every 100 iterations and smoothed curves.
// Run: npm run example -- ch06/optimizer_compare_mnist [--iters N] [--quick]   (--quick: 200 iterations)
//   → examples/out/book/ch06/optimizer_compare_mnist.svg
import { AdaGrad, Adam, BatchSampler, Momentum, MultiLayerNet, Rng, SGD, lineChartSvg, loadMnist, takeLabels, takeRows } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { pyFloat, smoothCurve } from '../lib/numpy.mjs';

const ex = example(import.meta.url, { iters: 2000, quick: false, seed: 0 });
const { train } = loadMnist({ normalize: true });

const trainSize = train.images.shape[0];
const batchSize = 128;
const maxIterations = ex.flags.quick ? 200 : ex.flags.iters;

// the book's defaults: SGD 0.01, Momentum 0.01 (0.9), AdaGrad 0.01, Adam 0.001 (0.9, 0.999)
const optimizers = { SGD: new SGD(0.01), Momentum: new Momentum(0.01), AdaGrad: new AdaGrad(0.01), Adam: new Adam(0.001) };
const networks = {};
const trainLoss = {};
for (const key of Object.keys(optimizers)) {
  networks[key] = new MultiLayerNet({ inputSize: 784, hiddenSizes: [100, 100, 100, 100], outputSize: 10, weightInit: 'he', seed: ex.flags.seed });
  trainLoss[key] = [];
}

const sampler = new BatchSampler(trainSize, batchSize, new Rng(ex.flags.seed), 'random');
const t0 = performance.now();
for (let i = 0; i < maxIterations; i++) {
  const batchMask = sampler.next();
  const xBatch = takeRows(train.images, batchMask);
  const tBatch = takeLabels(train.labels, batchMask);
  for (const key of Object.keys(optimizers)) {
    const grads = networks[key].gradient(xBatch, tBatch);
    optimizers[key].update(networks[key].params, grads);
    trainLoss[key].push(networks[key].loss(xBatch, tBatch));
  }
  if (i % 100 === 0) {
    console.log(`===========iteration:${i}===========`);
    for (const key of Object.keys(optimizers)) console.log(`${key}:${pyFloat(trainLoss[key][i])}`);
  }
}
console.log(`${maxIterations} iterations of 4 networks in ${seconds(t0)} s`);
const series = Object.keys(optimizers).map((key) => ({ name: key, points: smoothCurve(trainLoss[key]).map((l, i) => [i, l]) }));
ex.save('optimizer_compare_mnist.svg', lineChartSvg([{ xLabel: 'iterations', yLabel: 'loss', series, yRange: [0, 1] }], { title: 'Optimizers on MNIST (5-layer ReLU network, batch 128), smoothed' }));
