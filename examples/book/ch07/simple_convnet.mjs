// The book's ch07/simple_convnet.py defines SimpleConvNet: Conv (30 filters 5×5) → ReLU → Pool (2×2)
// → Affine (100) → ReLU → Affine (10) → SoftmaxWithLoss, with save_params/load_params to a .pkl; it
// prints nothing. It is scratchnet's SimpleConvNet (src/models/simple-conv-net.ts); this example
// shows its layers and parameters and runs one batch forward and backward.
// Run: npm run example -- ch07/simple_convnet
import { SimpleConvNet, loadMnist } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { pyFloat, shapeStr } from '../lib/numpy.mjs';

example(import.meta.url);
const network = new SimpleConvNet({ inputDim: [1, 28, 28], filterNum: 30, filterSize: 5, pad: 0, stride: 1, hiddenSize: 100, outputSize: 10, weightInit: 0.01 });
console.log(`layers: ${[...network.layers.keys()].join(' → ')} → SoftmaxWithLoss`);
for (const [k, p] of Object.entries(network.params)) console.log(`params['${k}'] ${shapeStr(p.shape)}`);
const { test } = loadMnist({ flatten: false, testLimit: 100, trainLimit: 1 });
const t0 = performance.now();
const { loss, grads } = network.lossAndGradient(test.images, test.labels);
console.log(`loss on 100 test images, untrained: ${pyFloat(loss)}; gradients ${Object.keys(grads).join(', ')} in ${seconds(t0)} s`);
