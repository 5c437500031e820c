// Images sorted into class folders, as a camera or a download leaves them: 150 small gray pictures of
// circles, squares and crosses (drawn here, at random places and sizes, with noise) written as PNG files
// into shapes/circle, shapes/square and shapes/cross, read back with loadImageFolder, and learned by
// SimpleConvNet (He init, Adam), a fifth held back for validation. The model is saved with its
// preprocessing and asked about the held-back files by name. The picture: those images with the class
// the model gives (green when right, red when wrong).
// Run: node examples/image-folder.mjs [--quick] [--out DIR]   → examples/out/image-folder.svg, shapes/, shapes.safetensors
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode } from 'fast-png';
import { Adam, Predictor, Rng, SimpleConvNet, Tensor, loadImageFolder, loadPredictor, saveModel, splitValidation, train } from 'scratchnet';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outDir = args.includes('--out') ? args[args.indexOf('--out') + 1] : fileURLToPath(new URL('./out/', import.meta.url));
const S = 16;

// the folder
const rng = new Rng(5);
const shapes = {
  circle: (x, y, cx, cy, r) => Math.abs(Math.hypot(x - cx, y - cy) - r) < 1.2,
  square: (x, y, cx, cy, r) => Math.max(Math.abs(x - cx), Math.abs(y - cy)) < r + 0.6 && Math.max(Math.abs(x - cx), Math.abs(y - cy)) > r - 0.6,
  cross: (x, y, cx, cy, r) => (Math.abs(x - cx - (y - cy)) < 1 || Math.abs(x - cx + (y - cy)) < 1) && Math.max(Math.abs(x - cx), Math.abs(y - cy)) < r + 0.5,
};
const folder = join(outDir, 'shapes');
rmSync(folder, { recursive: true, force: true });
for (const [name, inside] of Object.entries(shapes)) {
  mkdirSync(join(folder, name), { recursive: true });
  for (let k = 0; k < 50; k++) {
    const r = 3 + 3 * rng.random();
    const cx = r + 1 + (S - 2 * r - 2) * rng.random();
    const cy = r + 1 + (S - 2 * r - 2) * rng.random();
    const data = Uint8Array.from({ length: S * S }, (_, i) => Math.max(0, Math.min(255, (inside(i % S, Math.floor(i / S), cx, cy, r) ? 220 : 40) + 25 * rng.normal())));
    writeFileSync(join(folder, name, `${name}-${k}.png`), encode({ width: S, height: S, channels: 1, depth: 8, data }));
  }
}

// read, hold back a fifth (stratified), train, save with the preprocessing
const d = loadImageFolder(folder, { size: S });
const { train: tr, validation: va } = splitValidation({ images: Tensor.from(Array.from(d.y, (_, i) => [i])), labels: d.y }, 0.2, 0, 'softmax-cross-entropy');
const pick = (idx) => Array.from(idx.images.data);
const take = (ids) => ({ images: new Tensor(Float32Array.from(ids.flatMap((i) => Array.from(d.x.data.subarray(i * S * S, (i + 1) * S * S)))), [ids.length, 1, S, S]), labels: Int32Array.from(ids, (i) => d.y[i]) });
const [trainIds, validIds] = [pick(tr), pick(va)];
const net = new SimpleConvNet({ inputDim: [1, S, S], outputSize: 3, weightInit: 'he', seed: 0 });
const result = train(net, { train: take(trainIds) }, {
  optimizer: new Adam(0.001), batchSize: 32, epochs: quick ? 5 : 60,
  validation: take(validIds), earlyStopping: { patience: 10 },
});
console.log(`classes ${d.classes.join(', ')}; ${result.history.length} epochs, validation accuracy ${result.validation.accuracy.toFixed(3)}`);
saveModel(join(outDir, 'shapes.safetensors'), new Predictor(net, d.preprocessing));

// the held-back files, by name, as `scratchnet predict --model shapes.safetensors FILE...` reads them
const files = validIds.map((i) => join(folder, d.files[i]));
const answers = loadPredictor(join(outDir, 'shapes.safetensors')).predictImages(files.map((f) => readFileSync(f)), { names: files });
const right = answers.filter((a, k) => a.class === d.classes[d.y[validIds[k]]]).length;
console.log(`held-back files: ${right} of ${files.length} named right; e.g. ${d.files[validIds[0]]}: ${answers[0].top.map((t) => `${t.class} (${t.probability.toFixed(3)})`).join(', ')}`);

// the picture: each held-back image, its pixels as gray squares, the class given below it
const cols = 10;
const cell = 3;
const tiles = validIds.map((i, k) => {
  const ox = 10 + (k % cols) * (S * cell + 12);
  const oy = 40 + Math.floor(k / cols) * (S * cell + 30);
  const px = Array.from(d.x.data.subarray(i * S * S, (i + 1) * S * S), (v, p) => {
    const g = Math.round(v * 255);
    return `<rect x="${ox + (p % S) * cell}" y="${oy + Math.floor(p / S) * cell}" width="${cell}" height="${cell}" fill="rgb(${g},${g},${g})"/>`;
  }).join('');
  const ok = answers[k].class === d.classes[d.y[i]];
  return `${px}<text x="${ox + (S * cell) / 2}" y="${oy + S * cell + 14}" text-anchor="middle" fill="${ok ? '#2ca02c' : '#d62728'}">${answers[k].class}</text>`;
});
const W = 20 + cols * (S * cell + 12);
const H = 50 + Math.ceil(validIds.length / cols) * (S * cell + 30);
const svg = `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11"><rect width="${W}" height="${H}" fill="white"/><text x="${W / 2}" y="22" text-anchor="middle" font-size="14">Held-back images and the class the model gives: ${right} of ${files.length} right</text>${tiles.join('')}</svg>\n`;
writeFileSync(join(outDir, 'image-folder.svg'), svg);
console.log(`wrote ${join(outDir, 'image-folder.svg')}: the ${files.length} held-back images with the class given to each`);
