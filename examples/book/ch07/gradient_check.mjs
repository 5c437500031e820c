// The book's ch07/gradient_check.py: backprop against numerical gradients for a small SimpleConvNet
// (a 1×10×10 input, 10 filters 3×3, hidden 10), one random input with label 1: the mean absolute
// difference per parameter.
// Run: npm run example -- ch07/gradient_check
import { Rng, SimpleConvNet, Tensor } from 'scratchnet';
import { example } from '../lib/example.mjs';
import { pyFloat } from '../lib/numpy.mjs';

const ex = example(import.meta.url, { seed: 0 });
const network = new SimpleConvNet({ inputDim: [1, 10, 10], filterNum: 10, filterSize: 3, pad: 0, stride: 1, hiddenSize: 10, outputSize: 10, weightInit: 0.01, seed: ex.flags.seed, dtype: 'float64' });

const X = Tensor.uniform([1, 1, 10, 10], new Rng(ex.flags.seed + 1), { dtype: 'float64' }); // np.random.rand(100).reshape((1, 1, 10, 10))
const T = [1];

const gradNum = network.numericalGradient(X, T);
const grad = network.gradient(X, T);
for (const [key, val] of Object.entries(gradNum)) console.log(key, pyFloat(val.sub(grad[key]).abs().mean().item()));
