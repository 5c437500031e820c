// The book's ch04/gradient_simplenet.py: a one-layer network (W is 2×3, drawn from [0, 1)),
// its softmax cross-entropy loss for one input, and ∂L/∂W by numerical differentiation.
// Run: npm run example -- ch04/gradient_simplenet [--seed N]
import { Rng, Tensor, crossEntropyError, numericalGradient, softmax } from 'scratchnet';
import { example } from '../lib/example.mjs';
import { arrayStr } from '../lib/numpy.mjs';

const ex = example(import.meta.url, { seed: 0 });
const rng = new Rng(ex.flags.seed); // the book draws from np.random without a seed: every run differs

class SimpleNet {
  constructor() {
    this.W = Tensor.uniform([2, 3], rng, { dtype: 'float64' });
  }

  predict(x) {
    return x.matmul(this.W);
  }

  loss(x, t) {
    const z = this.predict(x);
    const y = softmax(z);
    return crossEntropyError(y, t);
  }
}

const x = Tensor.uniform([1, 2], rng, { dtype: 'float64' });
const t = Tensor.from([[0, 0, 1]], { dtype: 'float64' });
const net = new SimpleNet();
const f = () => net.loss(x, t);
const dW = numericalGradient(f, net.W);
console.log(arrayStr(dW.data, dW.shape));
