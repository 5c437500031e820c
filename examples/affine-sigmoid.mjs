// The README's first example: an Affine layer and a Sigmoid, forward and backward.
// Run: npm install && node examples/affine-sigmoid.mjs
import { Affine, Sigmoid, Tensor } from 'scratchnet';

const x = Tensor.from([[1.0, 0.5], [-2.0, 3.0]]);            // a batch of 2 samples, 2 features
const affine = new Affine(Tensor.from([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]), Tensor.from([0.1, 0.2, 0.3]));
const sigmoid = new Sigmoid();
const y = sigmoid.forward(affine.forward(x));                // Y = σ(X·W + B), shape [2, 3]
const dx = affine.backward(sigmoid.backward(Tensor.ones([2, 3]))); // dout·y(1−y), then dout·Wᵀ
console.log('y  =', y.toArray());
console.log('dx =', dx.toArray());
console.log('dW =', affine.grads.W.toArray(), 'db =', affine.grads.b.toArray());
