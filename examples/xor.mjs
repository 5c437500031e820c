// XOR, the function a single layer cannot learn: a 2-8-1 network with Tanh and a yes/no output
// (SigmoidWithLoss) learns it, and the picture shows P(yes) over the plane.
// Run: node examples/xor.mjs [--quick] [--out DIR]   → examples/out/xor.svg
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Adam, Sequential, Tensor, scatterSvg, train } from 'scratchnet';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outDir = args.includes('--out') ? args[args.indexOf('--out') + 1] : fileURLToPath(new URL('./out/', import.meta.url));

const images = Tensor.from([[0, 0], [0, 1], [1, 0], [1, 1]]);
const labels = [0, 1, 1, 0];
const net = new Sequential({
  inputShape: [2],
  layers: [{ type: 'Affine', units: 8 }, { type: 'Tanh' }, { type: 'Affine', units: 1 }],
  loss: 'sigmoid-cross-entropy',
  seed: 1,
});
const result = train(net, { train: { images, labels } }, { optimizer: new Adam(0.05), epochs: quick ? 150 : 300 });
const p = net.predictProba(images).data;
console.log(`after ${result.iters} steps: P(yes) ${[...p].map((v) => v.toFixed(3)).join(', ')} for (0,0), (0,1), (1,0), (1,1); accuracy ${net.accuracy(images, labels)}`);

// the decision over a 60 × 60 grid of the square [-0.5, 1.5]²: yes where P(yes) > 0.5
const n = 60;
const grid = Tensor.from(Array.from({ length: n * n }, (_, k) => [-0.5 + (2 * ((k % n) + 0.5)) / n, 1.5 - (2 * (Math.floor(k / n) + 0.5)) / n]));
const yes = net.predictProba(grid).data;
const svg = scatterSvg({
  points: labels.map((t, i) => ({ x: images.data[2 * i], y: images.data[2 * i + 1], group: t })),
  xRange: [-0.5, 1.5], yRange: [-0.5, 1.5],
  regions: { columns: n, rows: n, groups: Array.from(yes, (v) => (v > 0.5 ? 1 : 0)) },
  groupNames: ['no (0)', 'yes (1)'], xLabel: 'x₁', yLabel: 'x₂', title: 'XOR: where the network says yes',
});
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'xor.svg'), svg);
console.log(`wrote ${join(outDir, 'xor.svg')}: the four points and the regions the network answers no and yes`);
