// Batch normalization on and off (the book's ch06/batch_norm_test.py): a 6-layer network
// (784-100×5-10) trained on 1000 MNIST images with SGD (lr 0.01, batch 100) for 20 epochs,
// from weights of several scales. With batch norm, training starts quickly at every scale.
// Run: node examples/batch-norm.mjs   → examples/out/batch-norm.svg
import { mkdirSync, writeFileSync } from 'node:fs';
import { MultiLayerNetExtend, SGD, Trainer, TrainingDivergedError, lineChartSvg, loadMnist } from 'scratchnet';

const data = loadMnist({ trainLimit: 1000 });
const charts = [];
for (const scale of [1, 0.1, 0.01]) {
  const series = [];
  for (const useBatchnorm of [true, false]) {
    const net = new MultiLayerNetExtend({ inputSize: 784, hiddenSizes: [100, 100, 100, 100, 100], outputSize: 10, weightInit: scale, useBatchnorm, seed: 1 });
    const trainer = new Trainer(net, { train: data.train }, { optimizer: new SGD(0.01), epochs: 20, batchSize: 100, seed: 1 });
    let outcome;
    try {
      while (!trainer.done) trainer.step();
      outcome = `train accuracy after 20 epochs ${trainer.result().trainAcc.toFixed(3)}`;
    } catch (e) {
      if (!(e instanceof TrainingDivergedError)) throw e;
      outcome = `diverged at iteration ${e.iteration} (the NaN guard stopped it: ${e.where})`;
    }
    console.log(`weight std ${String(scale).padEnd(4)} batch norm ${useBatchnorm ? 'on ' : 'off'}: ${outcome}`);
    series.push({ name: useBatchnorm ? 'batch norm' : 'no batch norm', points: trainer.history.map((e) => [e.epoch, e.trainAcc]), ...(useBatchnorm ? {} : { dash: '6 4' }) });
  }
  charts.push({ xLabel: `epochs (weight std ${scale})`, yLabel: 'train accuracy', series, yRange: [0, 1], legend: 'bottom' });
}
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
const file = new URL('./out/batch-norm.svg', import.meta.url);
writeFileSync(file, lineChartSvg(charts, { title: 'Batch normalization (1000 images, SGD 0.01)' }));
console.log(`wrote ${file.pathname}: train accuracy per epoch with (solid) and without (dashed) batch norm, for three initial weight scales.`);
