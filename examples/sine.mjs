// Regression: y = sin(x) + noise, 200 points on [-3, 3], fitted by a 1-32-32-1 Tanh network with
// IdentityWithLoss (mean squared error) and Adam; the picture shows the points, the fitted curve and sin(x).
// Run: node examples/sine.mjs [--quick] [--out DIR]   → examples/out/sine.svg
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Adam, Rng, Sequential, Tensor, evaluate, scatterSvg, train } from 'scratchnet';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outDir = args.includes('--out') ? args[args.indexOf('--out') + 1] : fileURLToPath(new URL('./out/', import.meta.url));

const rng = new Rng(0);
const noisySine = (n) => {
  const xs = Array.from({ length: n }, () => rng.uniform(-3, 3));
  return { images: Tensor.from(xs, { shape: [n, 1] }), labels: xs.map((x) => Math.sin(x) + 0.1 * rng.normal()) };
};
const data = noisySine(200);
const net = new Sequential({
  inputShape: [1],
  layers: [{ type: 'Affine', units: 32 }, { type: 'Tanh' }, { type: 'Affine', units: 32 }, { type: 'Tanh' }, { type: 'Affine', units: 1 }],
  loss: 'mean-squared-error',
  seed: 0,
});
const result = train(net, { train: data }, { optimizer: new Adam(0.01), epochs: quick ? 60 : 300, batchSize: 50 });
const fresh = evaluate(net, noisySine(200));
console.log(`${result.epochs} epochs: training R² ${result.train.r2.toFixed(3)}; on 200 fresh points R² ${fresh.r2.toFixed(3)}, MSE ${fresh.mse.toFixed(4)} (the noise alone: 0.01)`);

const xs = Array.from({ length: 121 }, (_, i) => -3 + i * 0.05);
const fitted = net.predict(Tensor.from(xs, { shape: [xs.length, 1] })).data;
const svg = scatterSvg({
  points: Array.from(data.labels, (y, i) => ({ x: data.images.data[i], y })),
  xRange: [-3, 3], yRange: [-1.5, 1.5],
  lines: [{ name: 'the network', points: xs.map((x, i) => [x, fitted[i]]) }, { name: 'sin(x)', points: xs.map((x) => [x, Math.sin(x)]), dash: '5 4' }],
  xLabel: 'x', yLabel: 'y', title: `y = sin(x) + noise, fitted (R² ${fresh.r2.toFixed(3)} on fresh points)`,
});
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'sine.svg'), svg);
console.log(`wrote ${join(outDir, 'sine.svg')}: the 200 noisy points, the fitted curve and sin(x)`);
