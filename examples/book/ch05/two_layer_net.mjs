// The book's ch05/two_layer_net.py defines TwoLayerNet as layers: Affine1 → Relu1 → Affine2, then
// SoftmaxWithLoss, with gradient() by backprop through them; it prints nothing. It is scratchnet's
// TwoLayerNet (src/models/two-layer-net.ts), which gradient_check and train_neuralnet use; this
// example shows its layers, its parameters and one backprop pass.
// Run: npm run example -- ch05/two_layer_net
import { TwoLayerNet, loadMnist } from 'scratchnet';
import { example } from '../lib/example.mjs';
import { shapeStr } from '../lib/numpy.mjs';

example(import.meta.url);
const network = new TwoLayerNet(784, 50, 10);
console.log(`layers: ${[...network.layers.keys()].join(' → ')} → ${network.lastLayer.constructor.name}`);
for (const [k, p] of Object.entries(network.params)) console.log(`params['${k}'] ${shapeStr(p.shape)}`);

const { test } = loadMnist({ normalize: true, testLimit: 100, trainLimit: 1 });
const x = test.images;
const t = test.labels;
console.log(`untrained: loss ${network.loss(x, t).toFixed(4)} (≈ ln 10 = 2.3026: every digit equally likely), accuracy ${network.accuracy(x, t)} on 100 test images`);
const grads = network.gradient(x, t); // forward, then backward from SoftmaxWithLoss through Affine2, Relu1, Affine1
for (const [k, g] of Object.entries(grads)) console.log(`grads['${k}'] ${shapeStr(g.shape)}, largest |entry| ${Math.max(...Array.from(g.data, Math.abs)).toExponential(2)}`);
