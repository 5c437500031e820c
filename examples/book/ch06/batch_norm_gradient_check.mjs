// The book's ch06/batch_norm_gradient_check.py: backprop against numerical gradients for a
// MultiLayerNetExtend (784-100-100-10) with batch normalization, on one training image; the mean
// absolute difference per parameter, γ and β included.
// Run: npm run example -- ch06/batch_norm_gradient_check [--quick]   (--quick: 200 entries of each parameter)
import { MultiLayerNetExtend, Rng, Tensor, loadMnist } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { pyFloat } from '../lib/numpy.mjs';

const ex = example(import.meta.url, { quick: false });
const { train } = loadMnist({ normalize: true, oneHot: true, dtype: 'float64', trainLimit: 1 });
const network = new MultiLayerNetExtend({ inputSize: 784, hiddenSizes: [100, 100], outputSize: 10, useBatchnorm: true, dtype: 'float64' });

const xBatch = new Tensor(train.images.data.subarray(0, 784), [1, 784]);
const tBatch = new Tensor(train.labels.data.subarray(0, 10), [1, 10]);

const t0 = performance.now();
const gradBackprop = network.gradient(xBatch, tBatch);
const rng = new Rng(0);
for (const key of ['W1', 'b1', 'gamma1', 'beta1', 'W2', 'b2', 'gamma2', 'beta2', 'W3', 'b3']) { // the book's order
  const p = network.params[key];
  const at = ex.flags.quick && p.size > 200 ? Array.from(rng.permutation(p.size).subarray(0, 200)) : Array.from({ length: p.size }, (_, i) => i);
  let sum = 0;
  for (const i of at) {
    const original = p.data[i];
    p.data[i] = original + 1e-4;
    const plus = network.loss(xBatch, tBatch, { train: true });
    p.data[i] = original - 1e-4;
    const minus = network.loss(xBatch, tBatch, { train: true });
    p.data[i] = original;
    sum += Math.abs((plus - minus) / 2e-4 - gradBackprop[key].data[i]);
  }
  console.log(`${key}:${pyFloat(sum / at.length)}${at.length < p.size ? `  (${at.length} of ${p.size} entries)` : ''}`);
}
console.log(`(${seconds(t0)} s)`);
