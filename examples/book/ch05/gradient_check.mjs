// The book's ch05/gradient_check.py: the backprop gradient of TwoLayerNet (784-50-10) against the
// numerical one on 3 training images: the mean absolute difference per parameter (section 5.7.3).
// Run: npm run example -- ch05/gradient_check [--quick]   (--quick: 200 entries of each parameter)
import { Rng, Tensor, TwoLayerNet, loadMnist } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { pyFloat } from '../lib/numpy.mjs';

const ex = example(import.meta.url, { quick: false });
const { train } = loadMnist({ normalize: true, oneHot: true, dtype: 'float64' });
const network = new TwoLayerNet(784, 50, 10, { dtype: 'float64' }); // the book's numpy works in float64

const xBatch = new Tensor(train.images.data.subarray(0, 3 * 784), [3, 784]);
const tBatch = new Tensor(train.labels.data.subarray(0, 30), [3, 10]);

/** The central difference (L(p + h) − L(p − h)) / 2h for the entries `at` of parameter p. */
function numericalAt(p, at, h = 1e-4) {
  return at.map((i) => {
    const original = p.data[i];
    p.data[i] = original + h;
    const plus = network.loss(xBatch, tBatch);
    p.data[i] = original - h;
    const minus = network.loss(xBatch, tBatch);
    p.data[i] = original;
    return (plus - minus) / (2 * h);
  });
}

const t0 = performance.now();
const gradBackprop = network.gradient(xBatch, tBatch);
if (!ex.flags.quick) {
  const gradNumerical = network.numericalGradient(xBatch, tBatch);
  for (const key of Object.keys(gradNumerical)) {
    const diff = gradBackprop[key].sub(gradNumerical[key]).abs().mean().item(); // np.average(np.abs(backprop − numerical))
    console.log(`${key}:${pyFloat(diff)}`);
  }
} else {
  const rng = new Rng(0);
  for (const [key, p] of Object.entries(network.params)) {
    const at = Array.from(rng.permutation(p.size).subarray(0, Math.min(200, p.size)));
    const numeric = numericalAt(p, at);
    console.log(`${key}:${pyFloat(numeric.reduce((s, v, k) => s + Math.abs(v - gradBackprop[key].data[at[k]]), 0) / at.length)}  (${at.length} of ${p.size} entries)`);
  }
}
console.log(`(${seconds(t0)} s)`);
