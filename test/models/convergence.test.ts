import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Adam, SimpleConvNet, loadMnist, train } from '../../src/index.js';

describe('convergence on a small real-MNIST subset', () => {
  it('SimpleConvNet with Adam reaches well above chance in 100 short steps', () => {
    const data = loadMnist({ flatten: false, trainLimit: 1000, testLimit: 500 });
    const result = train(new SimpleConvNet({ seed: 1 }), data, { optimizer: new Adam(0.001), iters: 100, batchSize: 20, seed: 1 });
    assert.ok(result.lossHistory[99]! < result.lossHistory[0]! / 2, `loss ${result.lossHistory[0]} → ${result.lossHistory[99]}`);
    assert.ok(result.testAcc! > 0.6, `test accuracy ${result.testAcc}`);
  });
});
