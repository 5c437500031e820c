// The book's ch04/train_neuralnet.py: mini-batch SGD on the chapter-4 TwoLayerNet (784-50-10,
// sigmoid) for 10,000 iterations (batch 100, lr 0.1, batches drawn with replacement), with the
// train and test accuracy once per epoch. scratchnet's gradient is backprop; the
// book's script also uses its hand-derived backprop here (the numerical one takes days).
// Run: npm run example -- ch04/train_neuralnet [--iters N] [--quick]   (--quick: 1,000 iterations)
//   → examples/out/book/ch04/train_neuralnet.svg
import { BatchSampler, Rng, SGD, TwoLayerNet, lineChartSvg, loadMnist, takeLabels, takeRows } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { pyFloat } from '../lib/numpy.mjs';

const ex = example(import.meta.url, { iters: 10000, quick: false, seed: 0 });
const { train, test } = loadMnist({ normalize: true, oneHot: true });
const network = new TwoLayerNet(784, 50, 10, { activation: 'sigmoid', seed: ex.flags.seed });

const itersNum = ex.flags.quick ? 1000 : ex.flags.iters;
const trainSize = train.images.shape[0];
const batchSize = 100;
const learningRate = 0.1;
const optimizer = new SGD(learningRate);
const sampler = new BatchSampler(trainSize, batchSize, new Rng(ex.flags.seed), 'random'); // np.random.choice(train_size, batch_size)

const trainLossList = [];
const trainAccList = [];
const testAccList = [];
const iterPerEpoch = Math.max(trainSize / batchSize, 1);
const t0 = performance.now();
for (let i = 0; i < itersNum; i++) {
  const batchMask = sampler.next();
  const xBatch = takeRows(train.images, batchMask);
  const tBatch = takeLabels(train.labels, batchMask);
  const grad = network.gradient(xBatch, tBatch);
  optimizer.update(network.params, grad); // params[key] −= learning_rate · grad[key]
  trainLossList.push(network.loss(xBatch, tBatch));
  if (i % iterPerEpoch === 0) {
    const trainAcc = network.accuracy(train.images, train.labels);
    const testAcc = network.accuracy(test.images, test.labels);
    trainAccList.push(trainAcc);
    testAccList.push(testAcc);
    console.log(`train acc, test acc | ${pyFloat(trainAcc)}, ${pyFloat(testAcc)}`);
  }
}
console.log(`${itersNum} iterations in ${seconds(t0)} s`);
ex.save('train_neuralnet.svg', lineChartSvg([{
  xLabel: 'epochs', yLabel: 'accuracy', yRange: [0, 1], legend: 'bottom',
  series: [{ name: 'train acc', points: trainAccList.map((a, k) => [k, a]) }, { name: 'test acc', points: testAccList.map((a, k) => [k, a]), dash: '6 4' }],
}], { title: 'TwoLayerNet (sigmoid) on MNIST, SGD 0.1' }));
