// The book's ch08/train_deepnet.py: DeepConvNet trained with the book's Trainer for 20 epochs (Adam
// 0.001, batch 100, accuracies on 1,000 images per epoch), then its test accuracy on all 10,000
// images (the book: 0.9935) and its parameters saved. It prints every iteration's loss.
// Here the loop is scratchnet's Trainer: the loss printed is the batch's before the update, and an
// epoch is evaluated at its end. The weights go to examples/out/book/ch08/deep_convnet_params.safetensors,
// where misclassified_mnist and half_float_network find them (the book saves deep_convnet_params.pkl).
// 20 epochs take hours on a laptop's two cores (one epoch: about 8 minutes here with two threads).
// Run: npm run example -- ch08/train_deepnet [--epochs N] [--quick]
//   --quick: 1 epoch over the first 1,000 training images (10 iterations), 100 test images
//   → examples/out/book/ch08/train_deepnet.svg, deep_convnet_params.safetensors (…-quick.safetensors)
import { Adam, DeepConvNet, Trainer, lineChartSvg, loadMnist } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { pyFloat } from '../lib/numpy.mjs';
import { saveWeights } from '../lib/weights.mjs';

const ex = example(import.meta.url, { epochs: 20, quick: false, seed: 0 });
const quick = ex.flags.quick;
const { train, test } = loadMnist({ flatten: false, ...(quick ? { trainLimit: 1000, testLimit: 100 } : {}) });

const network = new DeepConvNet({ seed: ex.flags.seed });
const maxEpochs = quick ? 1 : ex.flags.epochs;
const t0 = performance.now();
const trainer = new Trainer(network, { train, test }, {
  epochs: maxEpochs, batchSize: 100, optimizer: new Adam(0.001), sampling: 'random', seed: ex.flags.seed, evalLimit: 1000,
  onIteration: ({ loss }) => console.log(`train loss:${pyFloat(loss)}`),
  onEpoch: (e) => console.log(`=== epoch:${e.epoch}, train acc:${pyFloat(e.trainAcc)}, test acc:${pyFloat(e.testAcc)} ===  (${seconds(t0)} s)`),
});
while (!trainer.done) trainer.step();
const testAcc = network.accuracy(test.images, test.labels, { batchSize: 100 });
console.log('=============== Final Test Accuracy ===============');
console.log(`test acc:${pyFloat(testAcc)}`);
console.log(`(${trainer.iters} iterations, ${maxEpochs} epochs of ${train.images.shape[0]} images, in ${seconds(t0)} s)`);

saveWeights(ex, 'deep_convnet_params', network, quick, `ch08/train_deepnet: ${trainer.iters} iterations, test accuracy ${testAcc}`);
console.log('Saved Network Parameters!');
const { history } = trainer.result();
ex.save('train_deepnet.svg', lineChartSvg([{
  xLabel: 'epochs', yLabel: 'accuracy', yRange: [0, 1], legend: 'bottom',
  series: [{ name: 'train', points: history.map((e) => [e.epoch, e.trainAcc]) }, { name: 'test', points: history.map((e) => [e.epoch, e.testAcc]) }],
}], { title: 'DeepConvNet on MNIST (Adam 0.001), accuracy on 1,000 images per epoch' }));
