// The book's ch07/train_convnet.py: SimpleConvNet trained with the book's Trainer for 20 epochs (Adam
// 0.001, batch 100, accuracies on 1,000 images per epoch), then the test accuracy on all 10,000 and
// the parameters saved (the book reports about 0.99). It prints every iteration's loss.
// Here the loop is scratchnet's Trainer: the loss printed is the batch's before the update, and an
// epoch is evaluated at its end. The weights go to examples/out/book/ch07/params.safetensors, where
// visualize_filter and apply_filter find them (the book saves params.pkl).
// Run: npm run example -- ch07/train_convnet [--epochs N] [--quick]
//   --quick: the book's own shortcut (the first 5,000 training and 1,000 test images), 1 epoch
//   → examples/out/book/ch07/train_convnet.svg, params.safetensors (params-quick.safetensors)
import { Adam, SimpleConvNet, Trainer, lineChartSvg, loadMnist } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { pyFloat } from '../lib/numpy.mjs';
import { saveWeights } from '../lib/weights.mjs';

const ex = example(import.meta.url, { epochs: 20, quick: false, seed: 0 });
const quick = ex.flags.quick;
const { train, test } = loadMnist({ flatten: false, ...(quick ? { trainLimit: 5000, testLimit: 1000 } : {}) });

const network = new SimpleConvNet({ inputDim: [1, 28, 28], filterNum: 30, filterSize: 5, pad: 0, stride: 1, hiddenSize: 100, outputSize: 10, weightInit: 0.01, seed: ex.flags.seed });
const maxEpochs = quick ? 1 : ex.flags.epochs;
const t0 = performance.now();
const trainer = new Trainer(network, { train, test }, {
  epochs: maxEpochs, batchSize: 100, optimizer: new Adam(0.001), sampling: 'random', seed: ex.flags.seed, evalLimit: 1000,
  onIteration: ({ loss }) => console.log(`train loss:${pyFloat(loss)}`),
  onEpoch: (e) => console.log(`=== epoch:${e.epoch}, train acc:${pyFloat(e.trainAcc)}, test acc:${pyFloat(e.testAcc)} ===`),
});
while (!trainer.done) trainer.step();
const testAcc = network.accuracy(test.images, test.labels, { batchSize: 100 });
console.log('=============== Final Test Accuracy ===============');
console.log(`test acc:${pyFloat(testAcc)}`);
console.log(`(${trainer.iters} iterations, ${maxEpochs} epochs of ${train.images.shape[0]} images, in ${seconds(t0)} s)`);

saveWeights(ex, 'params', network, quick, `ch07/train_convnet: ${trainer.iters} iterations, test accuracy ${testAcc}`);
console.log('Saved Network Parameters!');
const { history } = trainer.result();
ex.save('train_convnet.svg', lineChartSvg([{
  xLabel: 'epochs', yLabel: 'accuracy', yRange: [0, 1], legend: 'bottom',
  series: [{ name: 'train', points: history.map((e) => [e.epoch, e.trainAcc]) }, { name: 'test', points: history.map((e) => [e.epoch, e.testAcc]) }],
}], { title: 'SimpleConvNet on MNIST (Adam 0.001), accuracy on 1,000 images per epoch' }));
