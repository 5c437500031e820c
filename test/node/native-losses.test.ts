/**
 * The regression and yes/no output layers (IdentityWithLoss, SigmoidWithLoss) and the gradients the
 * layers overwrite in place, on the native kernels: the WebAssembly twin's bits, the same bits on any
 * thread count, and the reference kernels' gradients within float32 rounding.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Adam, MultiLayerNet, SGD, getBackend, loadMnist, referenceKernels, setBackend, train, type Kernels, type LossName, type Tensor } from '../../src/index.js';
import { firstBitDifference, isas, nativeKernels, skipUnlessNative, wasmTwin } from './native-helpers.js';

// one-hot rows: ten yes/no labels per image for the sigmoid loss, ten numbers to fit for the squared error
const data = loadMnist({ flatten: true, oneHot: true, trainLimit: 400, testLimit: 100 });
const LOSSES: readonly LossName[] = ['mean-squared-error', 'sigmoid-cross-entropy'];

function net(loss: LossName): MultiLayerNet {
  return new MultiLayerNet({ inputSize: 784, hiddenSizes: [64, 48], outputSize: 10, activation: 'sigmoid', weightInit: 'he', loss, seed: 11 });
}

function onKernels<T>(kernels: Kernels, f: () => T): T {
  const previous = getBackend();
  setBackend(kernels);
  try {
    return f();
  } finally {
    setBackend(previous);
  }
}

/** Each gradient tensor of every layer, by layer and parameter name. */
function gradTensors(model: MultiLayerNet): Map<string, Tensor> {
  const all = new Map<string, Tensor>();
  for (const [name, layer] of model.layers) for (const [p, g] of Object.entries(layer.grads)) all.set(`${name}.${p}`, g);
  return all;
}

/** The parameters after a short run on `kernels`, the loss of its last step, and whether the layers kept their gradient tensors. */
function trained(kernels: Kernels, loss: LossName): { params: Record<string, Float32Array>; keptGrads: boolean } {
  return onKernels(kernels, () => {
    const model = net(loss);
    const before = gradTensors(model);
    train(model, data, { optimizer: loss === 'mean-squared-error' ? new SGD(0.05) : new Adam(0.002), iters: 12, batchSize: 100, seed: 3 });
    const after = gradTensors(model);
    const keptGrads = before.size > 0 && [...before].every(([k, g]) => after.get(k) === g);
    return { params: Object.fromEntries(Object.entries(model.params).map(([k, t]) => [k, t.data as Float32Array])), keptGrads };
  });
}

describe('the regression and yes/no losses on the native kernels', { skip: skipUnlessNative() }, () => {
  it('train to the bits of the WebAssembly twin, every layer overwriting its own gradient tensors', () => {
    for (const isa of isas()) {
      const [fast, twin] = [nativeKernels(isa), wasmTwin(isa)];
      for (const loss of LOSSES) {
        const [mine, theirs] = [trained(fast, loss), trained(twin, loss)];
        assert.ok(mine.keptGrads, `${isa} ${loss}: a layer replaced its gradient tensor instead of overwriting it`);
        for (const key of Object.keys(theirs.params)) {
          const at = firstBitDifference(mine.params[key]!, theirs.params[key]!);
          assert.equal(at, -1, `${isa} ${loss}: ${key}[${at}] is ${mine.params[key]![at]}, ${twin.name} gives ${theirs.params[key]![at]}`);
        }
      }
    }
  });

  it('train to the same bits on 1, 2 and 3 threads with every split forced', () => {
    const isa = isas()[0]!;
    for (const loss of LOSSES) {
      const one = trained(nativeKernels(isa, 1), loss).params;
      for (const threads of [2, 3]) {
        const many = trained(nativeKernels(isa, threads, 0), loss).params;
        for (const key of Object.keys(one)) assert.equal(firstBitDifference(many[key]!, one[key]!), -1, `${loss} on ${threads} threads: ${key}`);
      }
    }
  });

  it("give the reference kernels' loss and gradients within float32 rounding, into the same tensors on every call", () => {
    const { images: x, labels: t } = data.test;
    for (const loss of LOSSES) {
      const model = net(loss);
      const reference = onKernels(referenceKernels, () => ({ loss: model.loss(x, t), grads: Object.fromEntries(Object.entries(model.gradient(x, t)).map(([k, g]) => [k, Float64Array.from(g.data)])) }));
      for (const isa of isas()) {
        const kept = gradTensors(model);
        const { value, grads } = onKernels(nativeKernels(isa), () => ({ value: model.loss(x, t), grads: model.gradient(x, t) }));
        assert.ok(Math.abs(value - reference.loss) <= 1e-5 * Math.abs(reference.loss), `${isa} ${loss}: loss ${value}, reference ${reference.loss}`);
        for (const [k, g] of Object.entries(grads)) {
          assert.ok([...kept.values()].includes(g), `${isa} ${loss}: gradient ${k} is a new tensor, not the layer's own`);
          const want = reference.grads[k]!;
          const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
          for (let i = 0; i < want.length; i++) {
            assert.ok(Math.abs(g.data[i]! - want[i]!) <= 1e-4 * scale + 1e-7, `${isa} ${loss}: ${k}[${i}] is ${g.data[i]}, reference ${want[i]} (largest ${scale})`);
          }
        }
      }
    }
  });
});
