// SimpleConvNet's 30 first-layer filters (5×5) before and after training (the book's
// ch07/visualize_filter.py): random noise at the start, edge and blob detectors after.
// Run: node examples/conv-filters.mjs [iterations | FILE.safetensors]   → examples/out/conv-filters.png
// With a number (default 600, one epoch) it trains that many Adam steps first; with a model
// file written by `scratchnet train --model simple-conv` it shows that model's filters.
import { mkdirSync, writeFileSync } from 'node:fs';
import { encode } from 'fast-png';
import { Adam, SimpleConvNet, loadMnist, loadModel, train } from 'scratchnet';

const arg = process.argv[2] ?? '600';
const before = new SimpleConvNet({ seed: 1 });
const initial = before.params.W1.clone();
let after;
if (arg.endsWith('.safetensors')) {
  after = loadModel(arg);
} else {
  const data = loadMnist({ flatten: false, testLimit: 1000 });
  const result = train(before, data, { optimizer: new Adam(0.001), iters: Number(arg), batchSize: 100, seed: 1 });
  console.log(`trained ${result.iters} iterations: test accuracy ${result.testAcc.toFixed(4)} on 1000 test images`);
  after = before;
}

// two rows of 30 filters, each 5×5 scaled 8× with a 4-pixel gap; gray levels span each filter's own range
const W1 = after.params.W1;
const [FN, , FH, FW] = W1.shape;
const cell = 8;
const gap = 4;
const width = FN * (FW * cell + gap) + gap;
const height = 2 * (FH * cell + gap) + gap;
const png = { width, height, channels: 4, depth: 8, data: new Uint8Array(4 * width * height).fill(255) };
for (const [row, filters] of [[0, initial], [1, W1]]) {
  for (let f = 0; f < FN; f++) {
    const w = filters.data.subarray(f * FH * FW, (f + 1) * FH * FW);
    const lo = Math.min(...w);
    const hi = Math.max(...w);
    for (let y = 0; y < FH * cell; y++)
      for (let x = 0; x < FW * cell; x++) {
        const v = Math.round((255 * (w[Math.floor(y / cell) * FW + Math.floor(x / cell)] - lo)) / (hi - lo || 1));
        const px = gap + f * (FW * cell + gap) + x;
        const py = gap + row * (FH * cell + gap) + y;
        const o = 4 * (py * png.width + px);
        png.data[o] = png.data[o + 1] = png.data[o + 2] = v;
      }
  }
}
mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
const file = new URL('./out/conv-filters.png', import.meta.url);
writeFileSync(file, encode(png));
console.log(`wrote ${file.pathname}: top row, the 30 filters as initialised (noise); bottom row, after training (oriented edges and blobs).`);
