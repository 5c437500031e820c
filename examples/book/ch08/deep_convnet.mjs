// The book's ch08/deep_convnet.py defines DeepConvNet: six 3×3 convolutions (16, 16, 32, 32, 64, 64
// filters; He initialization) with a 2×2 pooling after every second, Affine 50, ReLU, Dropout 0.5,
// Affine 10, Dropout 0.5; it prints nothing. It is scratchnet's DeepConvNet
// (src/models/deep-conv-net.ts), with the same parameter names W1..W8, b1..b8 (no batch
// normalization, so no gamma or beta); this example shows its layers, parameters and one forward pass.
// Run: npm run example -- ch08/deep_convnet
import { DeepConvNet, loadMnist } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { shapeStr } from '../lib/numpy.mjs';

example(import.meta.url);
const network = new DeepConvNet();
console.log(`layers: ${[...network.layers.keys()].join(' → ')} → SoftmaxWithLoss`);
let total = 0;
for (const [k, p] of Object.entries(network.params)) {
  console.log(`params['${k}'] ${shapeStr(p.shape)}`);
  total += p.size;
}
console.log(`${total} parameters`);
const { test } = loadMnist({ flatten: false, testLimit: 100, trainLimit: 1 });
const t0 = performance.now();
const y = network.predict(test.images);
console.log(`predict on 100 test images: scores ${shapeStr(y.shape)} in ${seconds(t0)} s; untrained accuracy ${network.accuracy(test.images, test.labels, { batchSize: 100 })}`);
