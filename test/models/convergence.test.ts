import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Adam, DeepConvNet, SimpleConvNet, loadMnist, train } from '../../src/index.js';

describe('convergence on a small real-MNIST subset', () => {
  it('SimpleConvNet with Adam reaches well above chance in 100 short steps', () => {
    const data = loadMnist({ flatten: false, trainLimit: 1000, testLimit: 500 });
    const result = train(new SimpleConvNet({ seed: 1 }), data, { optimizer: new Adam(0.001), iters: 100, batchSize: 20, seed: 1 });
    assert.ok(result.lossHistory[99]! < result.lossHistory[0]! / 2, `loss ${result.lossHistory[0]} → ${result.lossHistory[99]}`);
    assert.ok(result.testAcc! > 0.6, `test accuracy ${result.testAcc}`);
  });

  it('DeepConvNet with Adam fits a 40-image subset within 40 short steps', () => {
    const data = loadMnist({ flatten: false, trainLimit: 40, testLimit: 1 });
    const result = train(new DeepConvNet({ seed: 1, dropoutRatio: 0.1 }), { train: data.train }, { optimizer: new Adam(0.003), iters: 40, batchSize: 20, seed: 1, evalBatchSize: 40 });
    const first = (result.lossHistory[0]! + result.lossHistory[1]!) / 2;
    const last = (result.lossHistory[38]! + result.lossHistory[39]!) / 2;
    assert.ok(last < first * 0.7, `loss ${first} → ${last}`);
    assert.ok(result.trainAcc! > 0.5, `train accuracy ${result.trainAcc}`);
  });
});
