import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DeepConvNet, LOSS_NAMES, MODEL_KINDS, MultiLayerNet, MultiLayerNetExtend, Rng, Sequential, SimpleConvNet, Tensor, TwoLayerNet, ValueError,
  buildModel, describeModel, gradientCheck, modelFileBytes, modelFromConfig, modelFromSafetensors, softmax, type LossName, type Model,
} from '../../src/index.js';
import { assertClose, assertThrows, f64, snapshot } from '../helpers.js';

const LAYER: Record<LossName, string> = { 'softmax-cross-entropy': 'SoftmaxWithLoss', 'mean-squared-error': 'IdentityWithLoss', 'sigmoid-cross-entropy': 'SigmoidWithLoss' };

function everyKind(loss: LossName): Model[] {
  return [
    new TwoLayerNet(6, 4, 3, { loss }), new MultiLayerNet({ inputSize: 6, hiddenSizes: [5], outputSize: 3, loss }),
    new MultiLayerNetExtend({ inputSize: 6, hiddenSizes: [5], outputSize: 3, useBatchnorm: true, loss }),
    new SimpleConvNet({ inputDim: [1, 8, 8], filterNum: 2, filterSize: 3, pad: 1, hiddenSize: 4, outputSize: 3, loss }),
    new DeepConvNet({ hiddenSize: 4, loss }), new Sequential({ inputShape: [6], layers: [{ type: 'Affine', units: 3 }], loss }),
  ];
}

describe('the loss is a model setting', () => {
  for (const loss of LOSS_NAMES) {
    it(`every kind takes loss '${loss}', keeps it in its config and its model file, and ends in ${LAYER[loss]}`, () => {
      const models = everyKind(loss);
      assert.deepEqual(models.map((m) => m.config().model).sort(), [...MODEL_KINDS.values()].filter((k) => k.input !== 'ids').map((k) => k.name).sort(), 'every kind is covered here (the sequence models have their own losses)');
      for (const m of models) {
        assert.equal(m.lossName, loss);
        assert.equal(m.config().loss, loss);
        assert.equal(m.lastLayer.kind, LAYER[loss]);
        const twin = modelFromConfig(JSON.parse(JSON.stringify(m.config())));
        assert.equal(twin.lastLayer.kind, LAYER[loss]);
        assert.equal(modelFromSafetensors(modelFileBytes(m)).lossName, loss);
      }
    });
  }

  it('buildModel passes the loss to every kind built from options, and describeModel names a loss that is not the default', () => {
    for (const [name, kind] of MODEL_KINDS) {
      if (name === 'sequential' || kind.input === 'ids') continue;
      const inputShape = kind.input === 'flat' ? [6] : [1, 28, 28];
      const m = buildModel(name, { inputShape, outputSize: 2, loss: 'mean-squared-error' });
      assert.equal(m.lastLayer.kind, 'IdentityWithLoss', name);
    }
    assert.equal(describeModel(new TwoLayerNet(6, 4, 1, { loss: 'mean-squared-error' })), 'two-layer 6-4-1 relu, mean-squared-error');
    assert.equal(describeModel(new TwoLayerNet(6, 4, 3)), 'two-layer 6-4-3 relu');
  });

  it('model files and configs written before the setting existed load as softmax classifiers', () => {
    for (const m of everyKind('softmax-cross-entropy')) {
      const { loss: _, ...old } = m.config();
      const twin = modelFromConfig(old);
      assert.equal(twin.lossName, 'softmax-cross-entropy');
      assert.deepEqual(twin.config(), m.config());
    }
  });

  it('a loss that is not one of the three is refused, naming them', () => {
    const known = /loss must be one of 'softmax-cross-entropy', 'mean-squared-error', 'sigmoid-cross-entropy', got "mse"/;
    assertThrows(() => new TwoLayerNet(6, 4, 3, { loss: 'mse' as LossName }), ValueError, /^TwoLayerNet: /, known);
    assertThrows(() => new Sequential({ inputShape: [6], layers: [{ type: 'Affine', units: 3 }], loss: 'mse' as LossName }), ValueError, /^Sequential: /, known);
    assertThrows(() => buildModel('mlp', { inputShape: [6], outputSize: 3, loss: 'mse' as LossName }), ValueError, /^mlp: /, known);
    assertThrows(() => modelFromConfig({ ...new MultiLayerNet({ inputSize: 6, hiddenSizes: [5], outputSize: 3 }).config(), loss: 'l1' }), ValueError, /got "l1"/);
  });

  for (const loss of ['mean-squared-error', 'sigmoid-cross-entropy'] as const) {
    it(`backprop through a whole network with ${LAYER[loss]} matches the numerical gradient in float64`, () => {
      const rng = new Rng(41);
      const net = new MultiLayerNetExtend({ inputSize: 5, hiddenSizes: [4, 3], outputSize: 2, activation: 'tanh', useBatchnorm: true, weightDecay: 0.05, dtype: 'float64', seed: 2, loss });
      const x = Tensor.randn([6, 5], rng, f64);
      const t = loss === 'mean-squared-error' ? Tensor.randn([6, 2], rng, f64) : Tensor.from(Array.from({ length: 12 }, () => rng.int(2)), { ...f64, shape: [6, 2] });
      const result = gradientCheck(() => net.loss(x, t, { train: true }), net.params, net.gradient(x, t));
      assert.ok(result.ok, result.report);
    });
  }

  it('predictProba: softmax rows for a classifier, σ per column for yes/no labels, none for regression', () => {
    const x = Tensor.randn([7, 6], new Rng(3), f64);
    const soft = new TwoLayerNet(6, 4, 3, { dtype: 'float64', weightInitStd: 1 });
    assertClose(soft.predictProba(x, { batchSize: 3 }), softmax(soft.predict(x)), { rtol: 1e-15, atol: 1e-17 });
    const yesNo = new TwoLayerNet(6, 4, 2, { dtype: 'float64', weightInitStd: 1, loss: 'sigmoid-cross-entropy' });
    assertClose(yesNo.predictProba(x), yesNo.predict(x).sigmoid(), { rtol: 0, atol: 0 });
    const reg = new TwoLayerNet(6, 4, 1, { loss: 'mean-squared-error' });
    assertThrows(() => reg.predictProba(x), ValueError, /predictProba: the model does regression \(loss 'mean-squared-error'\) and gives numbers, not probabilities; use predict/);
    const before = snapshot(x);
    soft.predictProba(x);
    assert.deepEqual(snapshot(x), before);
  });

  it('accuracy: per column at σ > 0.5 for yes/no labels; a regression model has none and says where to look', () => {
    const net = new Sequential({ inputShape: [2], layers: [{ type: 'Affine', units: 2 }], loss: 'sigmoid-cross-entropy', dtype: 'float64' });
    net.setParams({ W1: Tensor.from([[1, 0], [0, 1]], f64), b1: Tensor.zeros([2], f64) });
    const x = Tensor.from([[1, -1], [1, 1], [-1, -1]], f64);
    assert.equal(net.accuracy(x, Tensor.from([[1, 0], [0, 1], [1, 0]], f64)), 4 / 6);
    const reg = new TwoLayerNet(2, 3, 1, { loss: 'mean-squared-error' });
    assertThrows(() => reg.accuracy(Tensor.zeros([3, 2]), [1, 2, 3]), ValueError, /^accuracy: the model does regression .* use evaluate\(model, data\) for mse, mae and r2$/);
  });
});
