// The spiral of the book's second volume (ch. 1, dataset/spiral.py and ch01/train.py): three arms of
// 100 points, a two-layer net (2-10-3, sigmoid, weights 0.01·N(0, 1)) trained by SGD with lr 1.0 in
// batches of 30 for 300 epochs. The picture shows the classes it gives over the plane, as the book's
// figure 1-40 does.
// Run: node examples/spiral.mjs [--quick] [--out DIR]   → examples/out/spiral.svg
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng, SGD, Tensor, TwoLayerNet, scatterSvg, train } from 'scratchnet';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outDir = args.includes('--out') ? args[args.indexOf('--out') + 1] : fileURLToPath(new URL('./out/', import.meta.url));

/** The book's load_data: N points per class on arms that turn 4 radians, with N(0, 0.2²) noise in the angle. */
function spiral(N = 100, classes = 3, seed = 1984) {
  const rng = new Rng(seed);
  const images = Tensor.zeros([N * classes, 2]);
  const labels = new Int32Array(N * classes);
  for (let j = 0; j < classes; j++) {
    for (let i = 0; i < N; i++) {
      const rate = i / N;
      const theta = j * 4 + 4 * rate + 0.2 * rng.normal();
      images.data.set([rate * Math.sin(theta), rate * Math.cos(theta)], 2 * (N * j + i));
      labels[N * j + i] = j;
    }
  }
  return { images, labels };
}

const data = spiral();
const net = new TwoLayerNet(2, 10, 3, { activation: 'sigmoid', weightInitStd: 0.01, seed: 1 });
const epochs = quick ? 60 : 300;
const result = train(net, { train: data }, { optimizer: new SGD(1.0), epochs, batchSize: 30, seed: 1 });
const every = Math.max(1, Math.floor(epochs / 6));
for (const e of result.history.filter((r) => r.epoch % every === 0)) console.log(`epoch ${String(e.epoch).padStart(3)}  loss ${e.loss.toFixed(3)}  accuracy ${e.trainAcc.toFixed(3)}`);

// the class the network gives at each point of a 100 × 100 grid over [-1, 1]²
const n = 100;
const grid = Tensor.from(Array.from({ length: n * n }, (_, k) => [-1 + (2 * ((k % n) + 0.5)) / n, 1 - (2 * (Math.floor(k / n) + 0.5)) / n]));
const svg = scatterSvg({
  points: Array.from(data.labels, (t, i) => ({ x: data.images.data[2 * i], y: data.images.data[2 * i + 1], group: t })),
  xRange: [-1, 1], yRange: [-1, 1],
  regions: { columns: n, rows: n, groups: net.predict(grid).argmax(1) },
  groupNames: ['class 0', 'class 1', 'class 2'], xLabel: 'x', yLabel: 'y',
  title: `The spiral: 2-10-3 sigmoid net, SGD 1.0, ${epochs} epochs (accuracy ${result.trainAcc.toFixed(2)})`,
});
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'spiral.svg'), svg);
console.log(`wrote ${join(outDir, 'spiral.svg')}: the 300 points and the decision regions (train accuracy ${result.trainAcc.toFixed(3)})`);
