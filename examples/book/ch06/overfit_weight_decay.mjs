// The book's ch06/overfit_weight_decay.py: a 7-layer network (784-100×6-10) trained on only 300 MNIST
// images (SGD 0.01, batch 100, 201 epochs) with weight decay λ = 0.1, as the script is shipped;
// --weight-decay 0 shows the overfitting it cures (train accuracy near 1.0, test far below).
// Run: npm run example -- ch06/overfit_weight_decay [--weight-decay L] [--epochs N] [--quick]   (--quick: 21 epochs, 1,000 test images)
//   → examples/out/book/ch06/overfit_weight_decay.svg (…-0.svg for --weight-decay 0)
import { BatchSampler, MultiLayerNet, Rng, SGD, lineChartSvg, loadMnist, takeLabels, takeRows } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { pyFloat } from '../lib/numpy.mjs';

const ex = example(import.meta.url, { 'weight-decay': 0.1, epochs: 201, quick: false, seed: 0 });
const { train, test } = loadMnist({ normalize: true, trainLimit: 300, ...(ex.flags.quick ? { testLimit: 1000 } : {}) }); // few training images, to overfit

const weightDecayLambda = ex.flags['weight-decay'];
const network = new MultiLayerNet({ inputSize: 784, hiddenSizes: [100, 100, 100, 100, 100, 100], outputSize: 10, weightDecay: weightDecayLambda, seed: ex.flags.seed });
const optimizer = new SGD(0.01);

const maxEpochs = ex.flags.quick ? 21 : ex.flags.epochs;
const trainSize = train.images.shape[0];
const batchSize = 100;
const trainAccList = [];
const testAccList = [];
const iterPerEpoch = Math.max(trainSize / batchSize, 1);
const sampler = new BatchSampler(trainSize, batchSize, new Rng(ex.flags.seed), 'random');
let epochCnt = 0;
const t0 = performance.now();
for (let i = 0; ; i++) {
  const batchMask = sampler.next();
  const xBatch = takeRows(train.images, batchMask);
  const tBatch = takeLabels(train.labels, batchMask);
  optimizer.update(network.params, network.gradient(xBatch, tBatch)); // the gradient includes λW
  if (i % iterPerEpoch === 0) {
    const trainAcc = network.accuracy(train.images, train.labels);
    const testAcc = network.accuracy(test.images, test.labels);
    trainAccList.push(trainAcc);
    testAccList.push(testAcc);
    console.log(`epoch:${epochCnt}, train acc:${pyFloat(trainAcc)}, test acc:${pyFloat(testAcc)}`);
    epochCnt += 1;
    if (epochCnt >= maxEpochs) break;
  }
}
console.log(`${maxEpochs} epochs in ${seconds(t0)} s`);
ex.save(`overfit_weight_decay${weightDecayLambda === 0.1 ? '' : `-${weightDecayLambda}`}.svg`, lineChartSvg([{
  xLabel: 'epochs', yLabel: 'accuracy', yRange: [0, 1], legend: 'bottom',
  series: [{ name: 'train', points: trainAccList.map((a, e) => [e, a]) }, { name: 'test', points: testAccList.map((a, e) => [e, a]) }],
}], { title: `300 training images, 7 layers, weight decay λ = ${weightDecayLambda}` }));
