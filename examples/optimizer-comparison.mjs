// The book's chapter-6 optimizer comparison on MNIST (ch06/optimizer_compare_mnist.py):
// a 5-layer network (784-100-100-100-100-10, ReLU, He init), batch 128, 2000 iterations,
// trained once with each of SGD, Momentum, AdaGrad and Adam from the same initial weights.
// Run: node examples/optimizer-comparison.mjs [iterations]   → examples/out/optimizer-comparison.svg
import { mkdirSync, writeFileSync } from 'node:fs';
import { AdaGrad, Adam, Momentum, MultiLayerNet, SGD, bucketMeans, lineChartSvg, loadMnist, train } from 'scratchnet';

const iters = Number(process.argv[2] ?? 2000);
const data = loadMnist();
const optimizers = { SGD: new SGD(0.01), Momentum: new Momentum(0.01), AdaGrad: new AdaGrad(0.01), Adam: new Adam(0.001) };
const series = [];
const finals = [];
for (const [name, optimizer] of Object.entries(optimizers)) {
  const net = new MultiLayerNet({ inputSize: 784, hiddenSizes: [100, 100, 100, 100], outputSize: 10, weightInit: 'he', seed: 1 });
  const t0 = performance.now();
  const result = train(net, { train: data.train }, { optimizer, iters, batchSize: 128, seed: 1, evalBatchSize: 5000 });
  const last = result.lossHistory.slice(-100);
  console.log(`${name.padEnd(8)} loss over the last 100 iterations ${(last.reduce((a, b) => a + b, 0) / last.length).toFixed(4)}, train accuracy ${result.trainAcc.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  finals.push([name, last.reduce((a, b) => a + b, 0) / last.length]);
  series.push({ name, points: bucketMeans(result.lossHistory, 200).points });
}
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
const file = new URL('./out/optimizer-comparison.svg', import.meta.url);
writeFileSync(file, lineChartSvg([{ xLabel: 'iterations', yLabel: 'loss', series }], { title: 'Optimizers on MNIST (5-layer MLP, batch 128)' }));
const order = finals.sort((a, b) => a[1] - b[1]).map(([n]) => n).join(' < ');
console.log(`wrote ${file.pathname}: the loss curves. Final loss, lowest first: ${order} (the book finds AdaGrad and Adam fastest and SGD slowest).`);
