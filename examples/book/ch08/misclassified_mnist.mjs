// The book's ch08/misclassified_mnist.py: DeepConvNet with trained weights on the 10,000 test images
// (in batches of 100), its accuracy (the book: 0.9935), and the first 20 digits it gets wrong with
// their label and the network's answer.
// Run: npm run example -- ch08/misclassified_mnist [--weights deep_convnet_params.pkl] [--quick]
// The weights: the book's deep_convnet_params.pkl with --weights, else what ch08/train_deepnet saved.
// --quick: the first 1,000 test images.
//   → examples/out/book/ch08/misclassified_mnist.png
import { DeepConvNet, Tensor, loadMnist } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { pyFloat } from '../lib/numpy.mjs';
import { gridPng } from '../lib/png.mjs';
import { requireWeights } from '../lib/weights.mjs';

const ex = example(import.meta.url, { weights: null, quick: false });
const { test } = loadMnist({ flatten: false, trainLimit: 1, ...(ex.flags.quick ? { testLimit: 1000 } : {}) });
const xTest = test.images;
const tTest = test.labels;

const network = new DeepConvNet();
console.log(requireWeights(ex, network, { file: ex.flags.weights, name: 'deep_convnet_params', trainer: 'ch08/train_deepnet', book: 'ch08/deep_convnet_params.pkl' }));

console.log('calculating test accuracy ... ');
const t0 = performance.now();
const classifiedIds = [];
let acc = 0.0;
const batchSize = 100;
for (let i = 0; i < Math.floor(xTest.shape[0] / batchSize); i++) {
  const tx = new Tensor(xTest.data.subarray(i * batchSize * 784, (i + 1) * batchSize * 784), [batchSize, 1, 28, 28]);
  const y = network.predict(tx, { train: false }).argmax(1);
  for (let k = 0; k < batchSize; k++) {
    classifiedIds.push(y[k]);
    if (y[k] === tTest[i * batchSize + k]) acc += 1;
  }
}
acc = acc / xTest.shape[0];
console.log(`test accuracy:${pyFloat(acc)}`);

const maxView = 20;
const misPairs = [];
const pictures = [];
for (let i = 0; i < classifiedIds.length && misPairs.length < maxView; i++) {
  if (classifiedIds[i] === tTest[i]) continue;
  pictures.push({ width: 28, height: 28, data: xTest.data.subarray(i * 784, (i + 1) * 784) });
  misPairs.push(`${misPairs.length + 1}: (${tTest[i]}, ${classifiedIds[i]})`);
}
console.log('======= misclassified result =======');
console.log('{view index: (label, inference), ...}');
console.log(`{${misPairs.join(', ')}}`);
console.log(`(${xTest.shape[0]} images in ${seconds(t0)} s)`);
// 4 rows of 5, dark ink on white as the book's gray_r; the view index counts left to right, top to bottom
if (pictures.length > 0) ex.save('misclassified_mnist.png', gridPng(pictures, { cols: 5, scale: 3, gap: 6, range: [0, 1], dark: 'high' }));
else console.log('no misclassified image, no picture');
