// The book's ch06/hyperparameter_optimization.py: random search of the learning rate (10^−6 .. 10^−2)
// and weight decay (10^−8 .. 10^−4) for the 7-layer network on 400 training and 100 validation
// images (50 epochs each, SGD, batch 100); each trial's validation accuracy, then the best 20 and
// their curves (validation solid, train dashed).
// Run: npm run example -- ch06/hyperparameter_optimization [--trials N] [--epochs N] [--quick]   (--quick: 8 trials of 10 epochs)
//   → examples/out/book/ch06/hyperparameter_optimization.svg
import { MultiLayerNet, Rng, SGD, Trainer, loadMnist, takeLabels, takeRows } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { figureSvg } from '../lib/figure.mjs';
import { pyFloat } from '../lib/numpy.mjs';

const ex = example(import.meta.url, { trials: 100, epochs: 50, quick: false, seed: 0 });
const rng = new Rng(ex.flags.seed);
const all = loadMnist({ normalize: true, trainLimit: 500 }).train; // fewer images, for speed

// a validation split: 20% of the shuffled training images
const validationNum = all.images.shape[0] * 0.2;
const order = rng.permutation(all.images.shape[0]); // shuffle_dataset
const xVal = takeRows(all.images, order.subarray(0, validationNum));
const tVal = takeLabels(all.labels, order.subarray(0, validationNum));
const xTrain = takeRows(all.images, order.subarray(validationNum));
const tTrain = takeLabels(all.labels, order.subarray(validationNum));

function trainOnce(lr, weightDecay, epochs, seed) {
  const network = new MultiLayerNet({ inputSize: 784, hiddenSizes: [100, 100, 100, 100, 100, 100], outputSize: 10, weightDecay, seed });
  const trainer = new Trainer(network, { train: { images: xTrain, labels: tTrain }, test: { images: xVal, labels: tVal } }, { epochs, batchSize: 100, optimizer: new SGD(lr), sampling: 'random', seed, nanGuard: false });
  while (!trainer.done) trainer.step();
  const { history } = trainer.result();
  return [history.map((e) => e.testAcc), history.map((e) => e.trainAcc)];
}

const optimizationTrial = ex.flags.quick ? 8 : ex.flags.trials;
const epochs = ex.flags.quick ? 10 : ex.flags.epochs;
const results = [];
const t0 = performance.now();
for (let k = 0; k < optimizationTrial; k++) {
  const weightDecay = 10 ** rng.uniform(-8, -4);
  const lr = 10 ** rng.uniform(-6, -2);
  const [valAccList, trainAccList] = trainOnce(lr, weightDecay, epochs, ex.flags.seed + 1 + k);
  console.log(`val acc:${pyFloat(valAccList.at(-1))} | lr:${pyFloat(lr)}, weight decay:${pyFloat(weightDecay)}`);
  results.push({ key: `lr:${pyFloat(lr)}, weight decay:${pyFloat(weightDecay)}`, valAccList, trainAccList });
}
console.log(`(${optimizationTrial} trials of ${epochs} epochs in ${seconds(t0)} s)`);

console.log('=========== Hyper-Parameter Optimization Result ===========');
const best = [...results].sort((a, b) => b.valAccList.at(-1) - a.valAccList.at(-1)).slice(0, 20);
best.forEach((r, i) => console.log(`Best-${i + 1}(val acc:${pyFloat(r.valAccList.at(-1))}) | ${r.key}`));
const panels = best.map((r, i) => ({
  title: `Best-${i + 1}`, x: [0, epochs], y: [0, 1], ticks: i % 5 === 0,
  lines: [{ points: r.valAccList.map((a, e) => [e + 1, a]) }, { points: r.trainAccList.map((a, e) => [e + 1, a]), dash: '4 3' }],
}));
ex.save('hyperparameter_optimization.svg', figureSvg(panels, { cols: 5, size: [160, 120], title: 'The best 20 trials: validation (solid) and train (dashed) accuracy per epoch' }));
