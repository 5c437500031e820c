import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MultiLayerNet, Rng, SGD, Tensor, TrainingDivergedError, locateNonFinite, train } from '../../src/index.js';

describe('the NaN guard names the output layer the model has', () => {
  it('IdentityWithLoss: finite outputs whose squared error overflows float32 are found in the loss', () => {
    const net = new MultiLayerNet({ inputSize: 1, hiddenSizes: [1], outputSize: 1, loss: 'mean-squared-error', weightInit: 1 });
    net.setParams({ W1: Tensor.from([[1]]), b1: Tensor.zeros([1]), W2: Tensor.from([[1]]), b2: Tensor.zeros([1]) });
    const where = locateNonFinite(net, Tensor.from([[3e38]]), Tensor.from([[-3e38]])); // (y − t)² = 3.6e77: ∞ in float32
    assert.equal(where, 'the loss (IdentityWithLoss)');
  });

  it('a regression run that diverges stops with a hint about the targets\' scale', () => {
    const rng = new Rng(2);
    const images = Tensor.randn([20, 3], rng);
    const targets = Tensor.randn([20, 1], rng).mul(1e6); // unscaled targets in the millions
    const net = new MultiLayerNet({ inputSize: 3, hiddenSizes: [8], outputSize: 1, loss: 'mean-squared-error', seed: 1 });
    let error: unknown;
    try {
      train(net, { train: { images, labels: targets } }, { optimizer: new SGD(0.1), iters: 50, batchSize: 10 });
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof TrainingDivergedError, String(error));
    assert.match(error.message, /check the scale of the inputs and the targets \(standardize both: mean 0, standard deviation 1\)/);
    assert.match(error.message, /(IdentityWithLoss|Affine\d|Relu\d|the loss exploded)/);
  });
});
