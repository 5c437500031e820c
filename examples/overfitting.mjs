// Overfitting and its cures (the book's ch06/overfit_weight_decay.py and overfit_dropout.py):
// a 7-layer network (784-100×6-10) trained on only 300 images with SGD (lr 0.01, batch 100)
// for 150 epochs: plain and with weight decay λ = 0.1; with dropout 0.2 for twice as long (as the book,
// since dropout learns more slowly). Test accuracy on 2000 test images.
// Run: node examples/overfitting.mjs [epochs]   → examples/out/overfitting.svg
import { mkdirSync, writeFileSync } from 'node:fs';
import { MultiLayerNet, MultiLayerNetExtend, SGD, lineChartSvg, loadMnist, train } from 'scratchnet';

const epochs = Number(process.argv[2] ?? 150);
const gaps = [];
const data = loadMnist({ trainLimit: 300, testLimit: 2000 });
const base = { inputSize: 784, hiddenSizes: [100, 100, 100, 100, 100, 100], outputSize: 10, seed: 1 };
const runs = [
  ['no regularization', new MultiLayerNet(base), epochs],
  ['weight decay 0.1', new MultiLayerNet({ ...base, weightDecay: 0.1 }), epochs],
  ['dropout 0.2', new MultiLayerNetExtend({ ...base, useDropout: true, dropoutRatio: 0.2 }), 2 * epochs],
];
const charts = [];
for (const [name, net, n] of runs) {
  const result = train(net, data, { optimizer: new SGD(0.01), epochs: n, batchSize: 100, seed: 1, evalBatchSize: 2000 });
  gaps.push([name, result.trainAcc - result.testAcc]);
  console.log(`${name.padEnd(18)} train accuracy ${result.trainAcc.toFixed(3)}, test accuracy ${result.testAcc.toFixed(3)}, gap ${(result.trainAcc - result.testAcc).toFixed(3)}`);
  charts.push({
    xLabel: `epochs (${name})`, yLabel: 'accuracy', yRange: [0, 1], legend: 'bottom',
    series: [
      { name: 'train', points: result.history.map((e) => [e.epoch, e.trainAcc]) },
      { name: 'test', points: result.history.map((e) => [e.epoch, e.testAcc]), dash: '6 4' },
    ],
  });
}
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
const file = new URL('./out/overfitting.svg', import.meta.url);
writeFileSync(file, lineChartSvg(charts, { title: 'Overfitting on 300 images, and two cures' }));
console.log(`wrote ${file.pathname}: train and test accuracy per epoch. Gap between them: ${gaps.map(([n, g]) => `${n} ${g.toFixed(3)}`).join(', ')}.`);
