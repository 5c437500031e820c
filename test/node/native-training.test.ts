import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Adam, AdaGrad, MultiLayerNet, Momentum, Nesterov, RMSprop, SGD, SimpleConvNet, TwoLayerNet, getBackend, loadMnist, setBackend, train, type Kernels, type Model, type Optimizer } from '../../src/index.js';
import { firstBitDifference, isas, nativeKernels, skipUnlessNative, wasmTwin } from './native-helpers.js';

const data = { true: loadMnist({ flatten: true, trainLimit: 600, testLimit: 100 }), false: loadMnist({ flatten: false, trainLimit: 600, testLimit: 100 }) };

/** The parameters after a short training run on `kernels`, as float32 arrays by name. */
function trained(kernels: Kernels, model: () => Model, optimizer: () => Optimizer, flatten: boolean, iters: number): Record<string, Float32Array> {
  const previous = getBackend();
  setBackend(kernels);
  try {
    const net = model();
    train(net, data[`${flatten}`], { optimizer: optimizer(), iters, batchSize: 100, seed: 5 });
    return Object.fromEntries(Object.entries(net.params).map(([k, t]) => [k, t.data as Float32Array]));
  } finally {
    setBackend(previous);
  }
}

describe('training on the native kernels', { skip: skipUnlessNative() }, () => {
  it('gives the parameters of the WebAssembly twin to the bit: TwoLayerNet with SGD, MultiLayerNet with every optimizer, SimpleConvNet with Adam', () => {
    const runs: [string, () => Model, () => Optimizer, boolean, number][] = [
      ['TwoLayerNet SGD', () => new TwoLayerNet(784, 50, 10, { seed: 1 }), () => new SGD(0.1), true, 30],
      ['MultiLayerNet Adam', () => new MultiLayerNet({ inputSize: 784, hiddenSizes: [100, 100], outputSize: 10, weightInit: 'he', seed: 2 }), () => new Adam(0.001), true, 20],
      ['MultiLayerNet Momentum', () => new MultiLayerNet({ inputSize: 784, hiddenSizes: [60], outputSize: 10, activation: 'sigmoid', seed: 3 }), () => new Momentum(0.05), true, 10],
      ['MultiLayerNet Nesterov', () => new MultiLayerNet({ inputSize: 784, hiddenSizes: [60], outputSize: 10, seed: 4 }), () => new Nesterov(0.05), true, 10],
      ['MultiLayerNet RMSprop', () => new MultiLayerNet({ inputSize: 784, hiddenSizes: [61], outputSize: 10, seed: 5 }), () => new RMSprop(0.01), true, 10],
      ['MultiLayerNet AdaGrad', () => new MultiLayerNet({ inputSize: 784, hiddenSizes: [60], outputSize: 10, activation: 'tanh', seed: 6 }), () => new AdaGrad(0.05), true, 10],
      ['SimpleConvNet Adam', () => new SimpleConvNet({ seed: 7 }), () => new Adam(0.001), false, 3],
    ];
    for (const isa of isas()) {
      const [fast, twin] = [nativeKernels(isa), wasmTwin(isa)];
      for (const [name, model, optimizer, flatten, iters] of runs) {
        if (isa !== isas()[0] && name.startsWith('SimpleConvNet')) continue; // one target is enough for the slow one
        const [mine, theirs] = [trained(fast, model, optimizer, flatten, iters), trained(twin, model, optimizer, flatten, iters)];
        for (const key of Object.keys(theirs)) {
          const at = firstBitDifference(mine[key]!, theirs[key]!);
          assert.equal(at, -1, `${isa} ${name}: ${key}[${at}] is ${mine[key]![at]}, ${twin.name} gives ${theirs[key]![at]}`);
        }
      }
    }
  });

  it('gives the same parameters on 1, 2 and 3 threads with every product, im2col and col2im split (threshold 0)', () => {
    const isa = isas()[0]!;
    const runs: [string, () => Model, () => Optimizer, boolean, number][] = [
      ['TwoLayerNet SGD', () => new TwoLayerNet(784, 50, 10, { seed: 8 }), () => new SGD(0.1), true, 20],
      ['SimpleConvNet Adam', () => new SimpleConvNet({ seed: 9 }), () => new Adam(0.001), false, 2],
    ];
    for (const [name, model, optimizer, flatten, iters] of runs) {
      const one = trained(nativeKernels(isa, 1), model, optimizer, flatten, iters);
      for (const threads of [2, 3]) {
        const many = trained(nativeKernels(isa, threads, 0), model, optimizer, flatten, iters);
        for (const key of Object.keys(one)) assert.equal(firstBitDifference(many[key]!, one[key]!), -1, `${name} on ${threads} threads: ${key}`);
      }
    }
  });
});
