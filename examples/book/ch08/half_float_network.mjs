// The book's ch08/half_float_network.py: DeepConvNet's test accuracy with its weights in float64, then
// with weights and images rounded to float16: half precision loses nothing (the book: 0.9935 both).
// scratchnet has no float16 arithmetic: the second run rounds every weight and pixel to float16
// (numpy's astype(np.float16)) and computes in float32, which is what the rounding tests.
// Run: npm run example -- ch08/half_float_network [--weights deep_convnet_params.pkl] [--quick]
// --quick: the first 1,000 test images.
import { DeepConvNet, Tensor, loadMnist } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { pyFloat, toFloat16 } from '../lib/numpy.mjs';
import { requireWeights } from '../lib/weights.mjs';

const ex = example(import.meta.url, { weights: null, quick: false });
const sampled = ex.flags.quick ? 1000 : 10000; // the book: 10000 ("for speed" it could be less)
const { test } = loadMnist({ flatten: false, trainLimit: 1, testLimit: sampled, dtype: 'float64' });

const network = new DeepConvNet({ dtype: 'float64' });
console.log(requireWeights(ex, network, { file: ex.flags.weights, name: 'deep_convnet_params', trainer: 'ch08/train_deepnet', book: 'ch08/deep_convnet_params.pkl' }));

let t0 = performance.now();
console.log('caluculate accuracy (float64) ... ');
console.log(pyFloat(network.accuracy(test.images, test.labels, { batchSize: 100 })));
console.log(`(${seconds(t0)} s)`);

// float16: every weight and pixel rounded to the nearest float16
t0 = performance.now();
const half = new DeepConvNet({ dtype: 'float32' });
half.setParams(Object.fromEntries(Object.entries(network.params).map(([k, p]) => [k, new Tensor(Float32Array.from(p.data, toFloat16), p.shape)])));
const xTest = new Tensor(Float32Array.from(test.images.data, toFloat16), test.images.shape);
console.log('caluculate accuracy (float16) ... ');
console.log(pyFloat(half.accuracy(xTest, test.labels, { batchSize: 100 })));
console.log(`(${seconds(t0)} s)`);
