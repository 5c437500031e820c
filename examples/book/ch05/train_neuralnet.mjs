// The book's ch05/train_neuralnet.py: the chapter-5 TwoLayerNet (784-50-10, ReLU, layers with
// backprop) trained by mini-batch SGD for 10,000 iterations (batch 100, lr 0.1, batches drawn with
// replacement), printing the train and test accuracy once per epoch.
// Run: npm run example -- ch05/train_neuralnet [--iters N] [--quick]   (--quick: 1,000 iterations)
// (scratchnet train is the same run with a progress bar, a saved model and --plot.)
import { BatchSampler, Rng, SGD, TwoLayerNet, loadMnist, takeLabels, takeRows } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { pyFloat } from '../lib/numpy.mjs';

const ex = example(import.meta.url, { iters: 10000, quick: false, seed: 0 });
const { train, test } = loadMnist({ normalize: true, oneHot: true });
const network = new TwoLayerNet(784, 50, 10, { seed: ex.flags.seed });

const itersNum = ex.flags.quick ? 1000 : ex.flags.iters;
const trainSize = train.images.shape[0];
const batchSize = 100;
const learningRate = 0.1;
const optimizer = new SGD(learningRate);
const sampler = new BatchSampler(trainSize, batchSize, new Rng(ex.flags.seed), 'random'); // np.random.choice(train_size, batch_size)

const trainLossList = [];
const iterPerEpoch = Math.max(trainSize / batchSize, 1);
const t0 = performance.now();
for (let i = 0; i < itersNum; i++) {
  const batchMask = sampler.next();
  const xBatch = takeRows(train.images, batchMask);
  const tBatch = takeLabels(train.labels, batchMask);
  const grad = network.gradient(xBatch, tBatch); // backprop
  optimizer.update(network.params, grad);
  trainLossList.push(network.loss(xBatch, tBatch));
  if (i % iterPerEpoch === 0) {
    const trainAcc = network.accuracy(train.images, train.labels);
    const testAcc = network.accuracy(test.images, test.labels);
    console.log(pyFloat(trainAcc), pyFloat(testAcc));
  }
}
console.log(`${itersNum} iterations in ${seconds(t0)} s`);
