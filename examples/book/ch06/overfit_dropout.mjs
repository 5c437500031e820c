// The book's ch06/overfit_dropout.py: the same 7-layer network on 300 images, with Dropout (ratio 0.2)
// after each hidden layer, trained by the book's Trainer (SGD 0.01, batch 100, 301 epochs); it prints
// every iteration's loss and each epoch's accuracies. --dropout 0 trains without it.
// Here the loop is scratchnet's Trainer: the loss it prints is the batch's loss before the update,
// and each epoch is evaluated at its end (the book's Trainer evaluates after its first iteration).
// Run: npm run example -- ch06/overfit_dropout [--dropout R] [--epochs N] [--quick]   (--quick: 31 epochs, 1,000 test images)
//   → examples/out/book/ch06/overfit_dropout.svg
import { MultiLayerNetExtend, SGD, Trainer, lineChartSvg, loadMnist } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { pyFloat } from '../lib/numpy.mjs';

const ex = example(import.meta.url, { dropout: 0.2, epochs: 301, quick: false, seed: 0 });
const { train, test } = loadMnist({ normalize: true, trainLimit: 300, ...(ex.flags.quick ? { testLimit: 1000 } : {}) });

const useDropout = ex.flags.dropout > 0; // --dropout 0: without dropout
const dropoutRatio = ex.flags.dropout;
const network = new MultiLayerNetExtend({ inputSize: 784, hiddenSizes: [100, 100, 100, 100, 100, 100], outputSize: 10, useDropout, dropoutRatio: useDropout ? dropoutRatio : 0.5, seed: ex.flags.seed });
const t0 = performance.now();
const trainer = new Trainer(network, { train, test }, {
  epochs: ex.flags.quick ? 31 : ex.flags.epochs, batchSize: 100, optimizer: new SGD(0.01), sampling: 'random', seed: ex.flags.seed,
  onIteration: ({ loss }) => console.log(`train loss:${pyFloat(loss)}`),
  onEpoch: (e) => console.log(`=== epoch:${e.epoch}, train acc:${pyFloat(e.trainAcc)}, test acc:${pyFloat(e.testAcc)} ===`),
});
while (!trainer.done) trainer.step();
const testAcc = network.accuracy(test.images, test.labels);
console.log('=============== Final Test Accuracy ===============');
console.log(`test acc:${pyFloat(testAcc)}`);
console.log(`(${trainer.iters} iterations in ${seconds(t0)} s)`);

const { history } = trainer.result();
ex.save(`overfit_dropout${useDropout ? (dropoutRatio === 0.2 ? '' : `-${dropoutRatio}`) : '-none'}.svg`, lineChartSvg([{
  xLabel: 'epochs', yLabel: 'accuracy', yRange: [0, 1], legend: 'bottom',
  series: [{ name: 'train', points: history.map((e) => [e.epoch, e.trainAcc]) }, { name: 'test', points: history.map((e) => [e.epoch, e.testAcc]) }],
}], { title: `300 training images, 7 layers, ${useDropout ? `dropout ${dropoutRatio}` : 'no dropout'}` }));
