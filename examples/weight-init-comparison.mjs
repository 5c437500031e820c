// The book's chapter-6 weight-initialization comparison (ch06/weight_init_compare.py):
// a 5-layer ReLU network trained with SGD (lr 0.01, batch 128, 2000 iterations) from
// weights drawn with std 0.01, Xavier's 1/√n and He's √(2/n).
// Run: node examples/weight-init-comparison.mjs [iterations]   → examples/out/weight-init-comparison.svg
import { mkdirSync, writeFileSync } from 'node:fs';
import { MultiLayerNet, SGD, bucketMeans, lineChartSvg, loadMnist, train } from 'scratchnet';

const iters = Number(process.argv[2] ?? 2000);
const data = loadMnist();
const series = [];
const finals = [];
for (const [name, weightInit] of [['std=0.01', 0.01], ['Xavier', 'xavier'], ['He', 'he']]) {
  const net = new MultiLayerNet({ inputSize: 784, hiddenSizes: [100, 100, 100, 100], outputSize: 10, weightInit, seed: 1 });
  const result = train(net, { train: data.train }, { optimizer: new SGD(0.01), iters, batchSize: 128, seed: 1, evalBatchSize: 5000 });
  const last = result.lossHistory.slice(-100);
  console.log(`${name.padEnd(9)} final loss ${(last.reduce((a, b) => a + b, 0) / last.length).toFixed(4)}, train accuracy ${result.trainAcc.toFixed(4)}`);
  finals.push([name, last.reduce((a, b) => a + b, 0) / last.length]);
  series.push({ name, points: bucketMeans(result.lossHistory, 200).points });
}
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
const file = new URL('./out/weight-init-comparison.svg', import.meta.url);
writeFileSync(file, lineChartSvg([{ xLabel: 'iterations', yLabel: 'loss', series }], { title: 'Weight initialization (5-layer ReLU MLP, SGD 0.01)' }));
const order = finals.sort((a, b) => a[1] - b[1]).map(([n, l]) => `${n} ${l.toFixed(3)}`).join(', ');
console.log(`wrote ${file.pathname}: the loss curves. Final loss, lowest first: ${order}. (With std 0.01 the signals shrink layer by layer, so the loss stays near ln 10 ≈ 2.30, as in the book.)`);
