// The book's ch03/neuralnet_mnist.py: inference with a trained 3-layer network (784-50-100-10,
// sigmoid, softmax), one test image at a time, and its accuracy on the 10,000 test images.
// Run: npm run example -- ch03/neuralnet_mnist [--weights sample_weight.pkl]
// With the book's sample_weight.pkl (in its ch03 folder) it prints the book's 0.9352; without,
// it trains the same network for a few seconds first and keeps it for the next run.
import { Tensor, loadMnist, softmax } from 'scratchnet';
import { example } from '../lib/example.mjs';
import { pyFloat } from '../lib/numpy.mjs';
import { initNetwork } from '../lib/sample-weight.mjs';

const ex = example(import.meta.url, { weights: null });

function getData() {
  return loadMnist({ normalize: true, flatten: true, oneHot: false });
}

function predict(network, x) {
  return softmax(network.predict(x)); // a1 = x·W1 + b1, z1 = σ(a1), ..., y = softmax(a3)
}

const data = getData();
const network = initNetwork(ex, data);
const { images: x, labels: t } = data.test;
let accuracyCnt = 0;
for (let i = 0; i < t.length; i++) {
  const y = predict(network, new Tensor(x.data.subarray(i * 784, (i + 1) * 784), [1, 784]));
  const p = y.argmax(1)[0]; // the index of the most likely digit
  if (p === t[i]) accuracyCnt += 1;
}
console.log(`Accuracy:${pyFloat(accuracyCnt / t.length)}`);
