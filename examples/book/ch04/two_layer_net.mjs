// The book's ch04/two_layer_net.py defines TwoLayerNet (784 inputs, a sigmoid hidden layer, softmax
// output) with a numerical and a backprop gradient; its text (section 4.5.1) then looks at the
// parameter shapes, a prediction for 100 random inputs and the gradients. scratchnet's
// TwoLayerNet with activation 'sigmoid' is that network; this example does what the text does.
// Run: npm run example -- ch04/two_layer_net
import { Rng, Tensor, TwoLayerNet, numericalGradient } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { shapeStr } from '../lib/numpy.mjs';

example(import.meta.url);
const rng = new Rng(0);
const net = new TwoLayerNet(784, 100, 10, { activation: 'sigmoid', dtype: 'float64' });
for (const [k, p] of Object.entries(net.params)) console.log(`${k} ${shapeStr(p.shape)}`); // W1 (784, 100), b1 (100,), ...

const x = Tensor.uniform([100, 784], rng, { dtype: 'float64' }); // 100 dummy images
const y = net.predict(x);
console.log(`predict(x) for x ${shapeStr(x.shape)}: ${shapeStr(y.shape)}`);

const t = Tensor.zeros([100, 10], { dtype: 'float64' }); // 100 dummy labels, one-hot
for (let i = 0; i < 100; i++) t.data[i * 10 + rng.int(10)] = 1;
const grads = net.gradient(x, t);
for (const [k, g] of Object.entries(grads)) console.log(`grads['${k}'] ${shapeStr(g.shape)}`);

// the numerical gradient of all 79,510 parameters needs 159,020 passes over the batch (minutes, as
// the book warns); the biases' take a moment and agree with backprop
const t0 = performance.now();
for (const k of ['b1', 'b2']) {
  const numeric = numericalGradient(() => net.loss(x, t), net.params[k]);
  let diff = 0;
  for (let i = 0; i < numeric.size; i++) diff += Math.abs(numeric.data[i] - grads[k].data[i]) / numeric.size;
  console.log(`${k}: mean |numerical − backprop| = ${diff.toExponential(2)}`);
}
console.log(`(${seconds(t0)} s)`);
