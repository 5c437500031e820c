// The book's ch08/awesome_net.py holds one line, "# Create your awesome net!!": an invitation.
// Here is a start: a network written as a Sequential spec (a JSON list of layers, the same format
// scratchnet train --model FILE.json reads), trained briefly; change the layers and run it again.
// Run: npm run example -- ch08/awesome_net [--iters N]
import { Adam, Sequential, train, loadMnist } from 'scratchnet';
import { example, seconds } from '../lib/example.mjs';
import { pyFloat } from '../lib/numpy.mjs';

const ex = example(import.meta.url, { iters: 100, seed: 0 });
console.log('Create your awesome net!!');
const spec = {
  inputShape: [1, 28, 28],
  layers: [
    { type: 'Convolution', filters: 16, size: 3, pad: 1 }, { type: 'Relu' }, { type: 'Pooling', size: 2, stride: 2 },
    { type: 'Flatten' }, { type: 'Affine', units: 100 }, { type: 'Relu' }, { type: 'Dropout', ratio: 0.3 }, { type: 'Affine', units: 10 },
  ],
  seed: ex.flags.seed,
};
const net = new Sequential(spec);
console.log(`layers: ${[...net.layers.keys()].join(' → ')}; ${Object.values(net.params).reduce((n, p) => n + p.size, 0)} parameters`);
const data = loadMnist({ flatten: false, testLimit: 1000 });
const t0 = performance.now();
const result = train(net, data, { optimizer: new Adam(0.001), iters: ex.flags.iters, batchSize: 100, seed: ex.flags.seed, evalLimit: 1000 });
console.log(`after ${result.iters} iterations (${seconds(t0)} s): test accuracy ${pyFloat(result.testAcc)} on 1,000 images`);
