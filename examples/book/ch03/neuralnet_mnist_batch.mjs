// The book's ch03/neuralnet_mnist_batch.py: the same inference as neuralnet_mnist, 100 images per call.
// Run: npm run example -- ch03/neuralnet_mnist_batch [--weights sample_weight.pkl]
import { Tensor, loadMnist, softmax } from 'scratchnet';
import { example } from '../lib/example.mjs';
import { pyFloat } from '../lib/numpy.mjs';
import { initNetwork } from '../lib/sample-weight.mjs';

const ex = example(import.meta.url, { weights: null });
const data = loadMnist({ normalize: true, flatten: true, oneHot: false });
const network = initNetwork(ex, data);
const { images: x, labels: t } = data.test;

const batchSize = 100;
let accuracyCnt = 0;
for (let i = 0; i < t.length; i += batchSize) {
  const xBatch = new Tensor(x.data.subarray(i * 784, (i + batchSize) * 784), [batchSize, 784]);
  const yBatch = softmax(network.predict(xBatch));
  const p = yBatch.argmax(1); // the most likely digit of each row
  for (let k = 0; k < batchSize; k++) if (p[k] === t[i + k]) accuracyCnt += 1;
}
console.log(`Accuracy:${pyFloat(accuracyCnt / t.length)}`);
