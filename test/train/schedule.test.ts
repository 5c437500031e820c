import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, SGD, Tensor, Trainer, TwoLayerNet, ValueError, train, type Optimizer, type Schedule } from '../../src/index.js';
import { LearningRateSchedule } from '../../src/train/schedule.js';
import { assertThrows, snapshot } from '../helpers.js';

const rng = new Rng(6);
const data = { train: { images: Tensor.randn([40, 5], rng), labels: Array.from({ length: 40 }, (_, i) => i % 3) } };
/** The learning rate of each of 6 epochs (4 steps each) under a schedule. */
function rates(schedule: Schedule, lr = 0.4): number[] {
  return train(new TwoLayerNet(5, 4, 3, { seed: 1 }), data, { optimizer: new SGD(lr), epochs: 6, batchSize: 10, schedule }).history.map((r) => r.lr);
}

describe('learning-rate schedules', () => {
  it('step: × factor every `every` epochs, applied through the optimizer', () => {
    assert.deepEqual(rates({ type: 'step', every: 2, factor: 0.5 }), [0.4, 0.4, 0.2, 0.2, 0.1, 0.1]);
    assert.deepEqual(rates({ type: 'step', every: 4 }).map((v) => +v.toPrecision(12)), [0.4, 0.4, 0.4, 0.4, 0.04, 0.04]);
  });

  it('cosine: half a cosine from the optimizer\'s rate to minFactor over the run', () => {
    const got = rates({ type: 'cosine', minFactor: 0.1 });
    const want = [1, 2, 3, 4, 5, 6].map((e) => 0.4 * (0.1 + 0.9 * 0.5 * (1 + Math.cos((Math.PI * (e - 1)) / 6))));
    got.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) < 1e-15, `epoch ${i + 1}: ${v} vs ${want[i]}`));
    assert.equal(rates({ type: 'cosine', epochs: 2 })[3], 0, 'past its epochs it stays at minFactor');
  });

  it('a function of the epoch (from 1) gives the factor; a bad factor names the epoch', () => {
    assert.deepEqual(rates((epoch) => 1 / 2 ** (epoch - 1)), [0.4, 0.2, 0.1, 0.05, 0.025, 0.0125]);
    assertThrows(() => rates((epoch) => (epoch < 3 ? 1 : -1)), ValueError, /^train: schedule\(3\) returned -1; a learning-rate factor must be a finite number ≥ 0$/);
  });

  it('the factor reaches the parameters: a step schedule trains as two runs at the two rates', () => {
    const net = new TwoLayerNet(5, 4, 3, { seed: 1 });
    train(net, data, { optimizer: new SGD(0.4), epochs: 2, batchSize: 10, schedule: { type: 'step', every: 1, factor: 0.5 } });
    const twin = new TwoLayerNet(5, 4, 3, { seed: 1 });
    const trainer = new Trainer(twin, data, { optimizer: new SGD(0.4), epochs: 2, batchSize: 10 });
    for (let i = 0; i < 4; i++) trainer.step();
    trainer.optimizer.lrFactor = 0.5; // by hand, what the schedule does at epoch 2
    while (!trainer.done) trainer.step();
    assert.deepEqual(snapshot(net.params.W1!), snapshot(twin.params.W1!));
  });

  it('reduce-on-plateau: × factor after `patience` epochs without improvement, down to minFactor', () => {
    const s = new LearningRateSchedule({ type: 'reduce-on-plateau', patience: 2, factor: 0.5, minFactor: 0.2 }, 10, ['loss']);
    const factors = [1, 0.9, 0.95, 0.96, 0.8, 0.85, 0.9, 0.91, 0.92, NaN, NaN].map((v) => {
      s.afterEpoch(v);
      return s.factorFor(1);
    });
    assert.deepEqual(factors, [1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2]);
    const up = new LearningRateSchedule({ type: 'reduce-on-plateau', patience: 1, monitor: 'accuracy' }, 10, ['loss', 'accuracy']);
    up.afterEpoch(0.5);
    up.afterEpoch(0.6);
    assert.equal(up.factorFor(3), 1, 'accuracy rising is an improvement');
    up.afterEpoch(0.55);
    assert.ok(Math.abs(up.factorFor(4) - 0.1) < 1e-16);
  });

  it('reduce-on-plateau in a run watches the validation loss, and each record shows the rate its epoch used', () => {
    const r = train(new TwoLayerNet(5, 16, 3, { seed: 1, weightInitStd: 1 }), data, { optimizer: new SGD(2), epochs: 12, batchSize: 10, validation: 0.25, schedule: { type: 'reduce-on-plateau', patience: 1, factor: 0.5 } });
    const lrs = r.history.map((h) => h.lr);
    const val = r.history.map((h) => h.validation!.loss!);
    assert.ok(lrs.at(-1)! < 2, `the rate came down: ${lrs}`);
    // patience 1: the rate halves for the next epoch exactly when an epoch did not beat the best before it
    for (let i = 1; i < lrs.length; i++) {
      const improved = i === 1 || val[i - 1]! < Math.min(...val.slice(0, i - 1));
      assert.equal(lrs[i], improved ? lrs[i - 1] : lrs[i - 1]! / 2, `epoch ${i + 1}: rate ${lrs[i]} after ${lrs[i - 1]}, validation losses ${val.slice(0, i)}`);
    }
  });

  it('refuses malformed specs by name, and optimizers without lrFactor', () => {
    const bad = (schedule: unknown, pattern: RegExp) => assertThrows(() => new Trainer(new TwoLayerNet(5, 4, 3), data, { schedule: schedule as Schedule }), ValueError, pattern);
    bad({ type: 'exponential' }, /^train: schedule must be \{ type: 'step' \| 'cosine' \| 'reduce-on-plateau', \.\.\. \} or a function of the epoch, got \{"type":"exponential"\}$/);
    bad({ type: 'step' }, /'step' needs every as a positive integer \(epochs\), got undefined/);
    bad({ type: 'step', every: 2, factor: 1.5 }, /'step' needs factor as a number in \(0, 1\), got 1\.5/);
    bad({ type: 'cosine', minFactor: 1 }, /'cosine' needs minFactor as a number in \[0, 1\), got 1/);
    bad({ type: 'cosine', epoch: 3 }, /'cosine' has unknown field "epoch"; allowed: epochs, minFactor/);
    bad({ type: 'reduce-on-plateau', patience: 2, monitor: 'r2' }, /monitor "r2" is not followed on this run; use one of loss, accuracy/);
    const bare: Optimizer = { name: 'mine', hyper: { lr: 0.1 }, update: () => {}, state: () => ({ name: 'mine', hyper: {}, step: 0, buffers: {} }), loadState: () => {} };
    assertThrows(() => new Trainer(new TwoLayerNet(5, 4, 3), data, { optimizer: bare, schedule: { type: 'step', every: 1 } }), ValueError, /a schedule sets the optimizer's lrFactor, which 'mine' does not have/);
  });
});
