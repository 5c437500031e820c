// The book's ch06/batch_norm_test.py: for 16 initial weight scales from 1 to 0.0001, a 6-layer network
// (784-100×5-10) with and without batch normalization, trained on the same batches of 1,000 MNIST
// images (SGD 0.01, batch 100, 20 epochs); train accuracy per epoch, "without - with".
// Run: npm run example -- ch06/batch_norm_test [--quick]   (--quick: 4 of the 16 scales, 5 epochs)
//   → examples/out/book/ch06/batch_norm_test.svg
import { BatchSampler, MultiLayerNetExtend, NonFiniteError, Rng, SGD, loadMnist, takeLabels, takeRows } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { figureSvg } from '../lib/figure.mjs';
import { logspace, pyFloat } from '../lib/numpy.mjs';

const ex = example(import.meta.url, { quick: false, seed: 0 });
const { train } = loadMnist({ normalize: true, trainLimit: 1000 }); // fewer training images

const maxEpochs = ex.flags.quick ? 5 : 20;
const trainSize = train.images.shape[0];
const batchSize = 100;
const learningRate = 0.01;

function trainBoth(weightInitStd, seed) {
  const options = { inputSize: 784, hiddenSizes: [100, 100, 100, 100, 100], outputSize: 10, weightInit: weightInitStd, seed };
  const bnNetwork = new MultiLayerNetExtend({ ...options, useBatchnorm: true });
  const network = new MultiLayerNetExtend(options);
  const optimizer = new SGD(learningRate);
  const trainAccList = [];
  const bnTrainAccList = [];
  const iterPerEpoch = Math.max(trainSize / batchSize, 1);
  const sampler = new BatchSampler(trainSize, batchSize, new Rng(seed), 'random');
  let epochCnt = 0;
  const diverged = new Set();
  for (let i = 0; ; i++) {
    const batchMask = sampler.next();
    const xBatch = takeRows(train.images, batchMask);
    const tBatch = takeLabels(train.labels, batchMask);
    for (const net of [bnNetwork, network]) {
      if (diverged.has(net)) continue;
      try {
        optimizer.update(net.params, net.gradient(xBatch, tBatch));
      } catch (e) {
        // numpy carries NaN on and the network predicts class 0 from then on; scratchnet stops with an error, so this network stops here
        if (!(e instanceof NonFiniteError)) throw e;
        diverged.add(net);
        console.log(`(${net === network ? 'without' : 'with'} batch norm: the scores became NaN at iteration ${i + 1}; its accuracy stays as it was)`);
      }
    }
    if (i % iterPerEpoch === 0) {
      const trainAcc = network.accuracy(train.images, train.labels);
      const bnTrainAcc = bnNetwork.accuracy(train.images, train.labels);
      trainAccList.push(trainAcc);
      bnTrainAccList.push(bnTrainAcc);
      console.log(`epoch:${epochCnt} | ${pyFloat(trainAcc)} - ${pyFloat(bnTrainAcc)}`);
      epochCnt += 1;
      if (epochCnt >= maxEpochs) break;
    }
  }
  return [trainAccList, bnTrainAccList];
}

const weightScaleList = logspace(0, -4, 16);
const chosen = ex.flags.quick ? [0, 5, 10, 15] : weightScaleList.map((_, i) => i);
const panels = [];
const t0 = performance.now();
for (const i of chosen) {
  const w = weightScaleList[i];
  console.log(`============== ${i + 1}/16 ==============`);
  const [trainAccList, bnTrainAccList] = trainBoth(w, ex.flags.seed + i);
  panels.push({
    title: `W:${pyFloat(w)}`, x: [0, maxEpochs - 1], y: [0, 1], ticks: true, legend: i === 15 ? 'bottom' : false,
    lines: [{ name: 'Batch Normalization', points: bnTrainAccList.map((a, e) => [e, a]) }, { name: 'Normal (without BatchNorm)', points: trainAccList.map((a, e) => [e, a]), dash: '6 4' }],
  });
}
console.log(`${chosen.length} weight scales in ${seconds(t0)} s`);
ex.save('batch_norm_test.svg', figureSvg(panels, { cols: 4, size: [200, 150], title: 'Train accuracy per epoch, with (solid) and without (dashed) batch normalization' }));
