// The book's ch07/apply_filter.py: the first 16 trained filters of SimpleConvNet, and a picture
// convolved with each (the bias left out), showing which edges each one responds to.
// The book's picture is lena_gray.png from its dataset folder; give any PNG with --image, or see a
// mosaic of 9 MNIST test digits.
// Run: npm run example -- ch07/apply_filter [--weights params.pkl] [--image FILE.png]
//   → examples/out/book/ch07/apply_filter-filters.png, apply_filter.png
import { Convolution, SimpleConvNet, Tensor, loadMnist, readPngGray } from 'scratchnet';
import { example } from '../lib/example.mjs';
import { gridPng } from '../lib/png.mjs';
import { requireWeights } from '../lib/weights.mjs';

const ex = example(import.meta.url, { weights: null, image: null });

const network = new SimpleConvNet({ inputDim: [1, 28, 28], filterNum: 30, filterSize: 5, pad: 0, stride: 1, hiddenSize: 100, outputSize: 10, weightInit: 0.01 });
console.log(requireWeights(ex, network, { file: ex.flags.weights, name: 'params', trainer: 'ch07/train_convnet', book: 'ch07/params.pkl' }));
const W1 = network.params.W1;
const [, , FH, FW] = W1.shape;
const filter = (i) => new Tensor(W1.data.slice(i * FH * FW, (i + 1) * FH * FW), [1, 1, FH, FW]);
ex.save('apply_filter-filters.png', gridPng(Array.from({ length: 16 }, (_, i) => ({ width: FW, height: FH, data: filter(i).data })), { cols: 4, scale: 10, gap: 3 }));

let img;
if (ex.flags.image) {
  const { width, height, gray } = readPngGray(ex.flags.image);
  img = new Tensor(gray, [1, 1, height, width]); // img.reshape(1, 1, *img.shape)
} else {
  const { test } = loadMnist({ flatten: false, testLimit: 9, trainLimit: 1 });
  const mosaic = new Float32Array(84 * 84);
  for (let k = 0; k < 9; k++) for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) mosaic[(Math.floor(k / 3) * 28 + y) * 84 + (k % 3) * 28 + x] = test.images.data[k * 784 + y * 28 + x];
  img = new Tensor(mosaic, [1, 1, 84, 84]);
  console.log('image: 9 MNIST test digits (84×84); --image FILE.png for another');
}
const outputs = [];
for (let i = 0; i < 16; i++) {
  const convLayer = new Convolution(filter(i), Tensor.zeros([1])); // b = 0
  const out = convLayer.forward(img);
  outputs.push({ width: out.shape[3], height: out.shape[2], data: out.data });
}
ex.save('apply_filter.png', gridPng(outputs, { cols: 4, scale: img.shape[3] < 100 ? 3 : 1, gap: 4 }));
