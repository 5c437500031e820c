import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Adam, MultiLayerNetExtend, Rng, Tensor, Trainer, ValueError, train, type EpochRecord, type TensorRecord } from '../../src/index.js';
import { assertThrows, snapshot } from '../helpers.js';

/** 60 noisy samples of 2 classes in 10-D: a wide network overfits them within a few dozen epochs. */
function noisy(seed: number) {
  const rng = new Rng(seed);
  const images = Tensor.randn([60, 10], rng);
  const labels = Array.from({ length: 60 }, (_, i) => (images.data[i * 10]! + 2 * rng.normal() > 0 ? 1 : 0));
  return { images, labels };
}

const copy = (r: Readonly<TensorRecord>) => Object.fromEntries(Object.entries(r).map(([k, t]) => [k, snapshot(t)]));
const make = () => new MultiLayerNetExtend({ inputSize: 10, hiddenSizes: [64, 64], outputSize: 2, useBatchnorm: true, weightInit: 'he', seed: 1 });

describe('early stopping', () => {
  it('stops when the validation loss has not improved for `patience` epochs, and puts back the best epoch\'s parameters and buffers', () => {
    const net = make();
    const kept: { params: Record<string, number[]>; buffers: Record<string, number[]> }[] = [];
    const onEpoch = () => void kept.push({ params: copy(net.params), buffers: copy(net.buffers) });
    const result = train(net, { train: noisy(1) }, { optimizer: new Adam(0.01), epochs: 200, batchSize: 16, validation: 0.25, earlyStopping: { patience: 5 }, onEpoch });
    assert.equal(result.stopReason, 'early-stopping');
    assert.ok(result.history.length < 200, `stopped after ${result.history.length} epochs`);
    const losses = result.history.map((r) => r.validation!.loss!);
    const best = losses.indexOf(Math.min(...losses)) + 1;
    assert.equal(result.bestEpoch, best);
    assert.equal(result.history.length, best + 5, 'five epochs without improvement, then the stop');
    assert.deepEqual(copy(net.params), kept[best - 1]!.params, 'the best epoch\'s parameters');
    assert.deepEqual(copy(net.buffers), kept[best - 1]!.buffers, 'and its batch-norm running averages');
    assert.equal(result.validation!.loss, losses[best - 1], 'the result reports the epoch the model holds');
    assert.equal(result.iters, result.history.length * 3);
  });

  it('restoreBest: false keeps the last parameters; monitor accuracy counts up', () => {
    const net = make();
    let last: Record<string, number[]> = {};
    const records: EpochRecord[] = [];
    const result = train(net, { train: noisy(1) }, {
      optimizer: new Adam(0.01), epochs: 200, batchSize: 16, validation: 0.25,
      earlyStopping: { patience: 4, monitor: 'accuracy', restoreBest: false }, onEpoch: (r) => { records.push(r); last = copy(net.params); },
    });
    assert.equal(result.stopReason, 'early-stopping');
    assert.equal(result.bestEpoch, null);
    assert.deepEqual(copy(net.params), last);
    const acc = records.map((r) => r.validation!.accuracy!);
    const best = acc.indexOf(Math.max(...acc));
    assert.equal(records.length, best + 1 + 4, 'four epochs after the highest accuracy');
  });

  it('a run that reaches its last epoch still ends with the best epoch\'s parameters', () => {
    const net = make();
    const kept: Record<string, number[]>[] = [];
    const result = train(net, { train: noisy(2) }, { optimizer: new Adam(0.01), epochs: 12, batchSize: 16, validation: 0.25, earlyStopping: { patience: 100 }, onEpoch: () => void kept.push(copy(net.params)) });
    assert.equal(result.stopReason, 'done');
    assert.deepEqual(copy(net.params), kept[result.bestEpoch! - 1]);
  });

  it('needs validation data, and refuses bad options by name', () => {
    const data = { train: noisy(1) };
    assertThrows(() => new Trainer(make(), data, { earlyStopping: { patience: 3 } }), ValueError, /^train: earlyStopping watches the validation data; give validation too/);
    assertThrows(() => new Trainer(make(), data, { validation: 0.2, earlyStopping: { patience: 0 } }), ValueError, /earlyStopping\.patience must be a positive integer \(epochs without improvement\), got 0/);
    assertThrows(() => new Trainer(make(), data, { validation: 0.2, earlyStopping: { patience: 2, monitor: 'r2' } }), ValueError, /earlyStopping\.monitor "r2" is not followed on this run; use one of loss, accuracy/);
    assertThrows(() => new Trainer(make(), data, { validation: 0.2, earlyStopping: { patience: 2, patients: 3 } as never }), ValueError, /earlyStopping has unknown option "patients"; known: patience, monitor, minDelta, restoreBest/);
    assertThrows(() => new Trainer(make(), data, { validation: 0.2, earlyStopping: { patience: 2, minDelta: -1 } }), ValueError, /minDelta must be a finite number ≥ 0, got -1/);
  });
});
