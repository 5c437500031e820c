import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Adam, FileFormatError, MultiLayerNetExtend, OPTIMIZER_NAMES, Rng, Tensor, Trainer, decodeCheckpoint, decodeSafetensors, encodeCheckpoint, encodeSafetensors,
  listCheckpoints, loadLatestCheckpoint, makeOptimizer, saveCheckpoint, type EpochRecord, type StopReason, type TensorRecord, type TrainOptions,
} from '../../src/index.js';
import { assertThrows, snapshot } from '../helpers.js';

/** Every tensor's values by name, NaN and −0 included (deepEqual on numbers compares with Object.is). */
function bits(record: Readonly<TensorRecord>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(record).map(([k, t]) => [k, snapshot(t)]));
}

function setup() {
  const rng = new Rng(4);
  const model = new MultiLayerNetExtend({ inputSize: 6, hiddenSizes: [5], outputSize: 3, useBatchnorm: true, useDropout: true, seed: 1 });
  const data = { train: { images: Tensor.randn([20, 6], rng), labels: Int32Array.from({ length: 20 }, (_, i) => i % 3) } };
  const trainer = new Trainer(model, data, { optimizer: new Adam(), iters: 9, batchSize: 6 });
  const config = { runId: 'abc123', model: model.config(), optimizer: { name: 'adam', hyper: trainer.optimizer.hyper }, batchSize: 6, iters: 9, seed: 0, sampling: 'shuffle' };
  return { trainer, config };
}

describe('checkpoint files', () => {
  it('round-trip every part of the trainer state, NaN losses included', () => {
    const { trainer, config } = setup();
    for (let i = 0; i < 5; i++) trainer.step();
    trainer.lossHistory[2] = NaN; // as an unguarded run records a loss it could not compute
    const c = decodeCheckpoint(encodeCheckpoint(trainer, config));
    const s = trainer.state();
    assert.deepEqual(c.config, config);
    assert.equal(c.state.iteration, 5);
    assert.ok(Number.isNaN(c.state.lossHistory[2]));
    assert.deepEqual(c.state.lossHistory.filter((_, i) => i !== 2), s.lossHistory.filter((_, i) => i !== 2));
    assert.deepEqual(c.state.batchRng, s.batchRng);
    assert.deepEqual(c.state.modelRandom, s.modelRandom);
    assert.deepEqual(c.state.sampler, s.sampler);
    assert.equal(c.state.optimizer.step, s.optimizer.step);
    assert.deepEqual(bits(c.state.optimizer.buffers), bits(s.optimizer.buffers));
    assert.deepEqual(bits(c.params), bits(trainer.model.params));
    assert.deepEqual(Object.keys(c.buffers), ['running_mean1', 'running_var1']);
    assert.deepEqual(bits(c.buffers), bits(trainer.model.buffers));
  });

  for (const name of OPTIMIZER_NAMES) {
    it(`resume after 5 of 13 steps ends bit-identical to a run that never stopped (${name}, batch norm, dropout)`, () => {
      const run = (modelSeed: number) => {
        // W1 (1024 values) is long enough for the WebAssembly optimizer kernels and their resident state, W2 is not
        const model = new MultiLayerNetExtend({ inputSize: 64, hiddenSizes: [16, 8], outputSize: 3, useBatchnorm: true, useDropout: true, dropoutRatio: 0.3, seed: modelSeed });
        const data = { train: { images: Tensor.randn([20, 64], new Rng(4)), labels: Int32Array.from({ length: 20 }, (_, i) => i % 3) } };
        // 20 samples in batches of 6: a partial batch ends each epoch, and step 5 stops inside the second epoch's order
        const trainer = new Trainer(model, data, { optimizer: makeOptimizer(name), iters: 13, batchSize: 6, seed: 3 });
        const config = { runId: 'resume1', model: model.config(), optimizer: { name, hyper: trainer.optimizer.hyper }, batchSize: 6, iters: 13, seed: 3, sampling: 'shuffle' };
        return { model, trainer, config };
      };
      const straight = run(1);
      while (!straight.trainer.done) straight.trainer.step();

      const first = run(1);
      for (let i = 0; i < 5; i++) first.trainer.step();
      const c = decodeCheckpoint(encodeCheckpoint(first.trainer, first.config));
      const second = run(2); // other initial weights and dropout masks: all of it must come from the checkpoint
      second.model.setParams(c.params);
      second.model.setBuffers(c.buffers);
      second.trainer.restore(c.state);
      while (!second.trainer.done) second.trainer.step();

      assert.deepEqual(bits(second.model.params), bits(straight.model.params), 'parameters');
      assert.deepEqual(bits(second.model.buffers), bits(straight.model.buffers), 'batch-norm running averages');
      assert.deepEqual(bits(second.trainer.optimizer.state().buffers), bits(straight.trainer.optimizer.state().buffers), 'optimizer buffers');
      assert.deepEqual(second.model.randomState(), straight.model.randomState(), 'dropout generators');
      assert.deepEqual(second.trainer.lossHistory, straight.trainer.lossHistory);
      assert.deepEqual(second.trainer.history.map(({ seconds: _, ...r }) => r), straight.trainer.history.map(({ seconds: _, ...r }) => r));
    });
  }

  const FEATURES: [string, TrainOptions, StopReason][] = [
    ['a validation fraction', { validation: 0.25 }, 'done'],
    ['early stopping that stops after the checkpoint and puts back a best epoch from before it', { validation: 0.25, earlyStopping: { patience: 2 } }, 'early-stopping'],
    ['a step schedule', { schedule: { type: 'step', every: 2, factor: 0.5 } }, 'done'],
    ['a cosine schedule', { schedule: { type: 'cosine', minFactor: 0.1 } }, 'done'],
    ['reduce-on-plateau on the validation loss', { validation: 0.25, schedule: { type: 'reduce-on-plateau', patience: 1, factor: 0.5 } }, 'done'],
    ['a schedule function', { schedule: (epoch) => 1 / epoch }, 'done'],
    ['onEpoch stopping at epoch 4, with F1 followed', { metrics: ['f1'], onEpoch: (r) => r.epoch < 4 }, 'stopped'],
  ];
  for (const [what, options, reason] of FEATURES) {
    it(`resume ends bit-identical to a run that never stopped, with ${what}`, () => {
      const run = (modelSeed: number) => {
        const model = new MultiLayerNetExtend({ inputSize: 64, hiddenSizes: [16, 8], outputSize: 3, useBatchnorm: true, useDropout: true, dropoutRatio: 0.3, seed: modelSeed });
        const data = { train: { images: Tensor.randn([20, 64], new Rng(4)), labels: Int32Array.from({ length: 20 }, (_, i) => i % 3) } };
        const trainer = new Trainer(model, data, { optimizer: new Adam(0.05), epochs: 12, batchSize: 6, seed: 3, ...options });
        const config = { runId: 'feat1', model: model.config(), optimizer: { name: 'adam', hyper: trainer.optimizer.hyper }, batchSize: 6, iters: trainer.iters, seed: 3, sampling: 'shuffle' };
        return { model, trainer, config };
      };
      const straight = run(1);
      while (!straight.trainer.done) straight.trainer.step();
      assert.equal(straight.trainer.stopReason, reason, `the straight run ends by ${straight.trainer.stopReason}`);

      const first = run(1);
      // inside the second epoch; with early stopping, inside the epoch after the best one, so that the best parameters come from the file
      const best = straight.trainer.result().bestEpoch;
      const stopAt = (reason === 'early-stopping' ? best! : 1) * first.trainer.perEpoch + 1;
      assert.ok(stopAt < straight.trainer.iteration, `the checkpoint at step ${stopAt} comes before the end at ${straight.trainer.iteration}`);
      for (let i = 0; i < stopAt; i++) first.trainer.step();
      const c = decodeCheckpoint(encodeCheckpoint(first.trainer, first.config));
      const second = run(2);
      second.model.setParams(c.params);
      second.model.setBuffers(c.buffers);
      second.trainer.restore(c.state);
      while (!second.trainer.done) second.trainer.step();

      assert.deepEqual(bits(second.model.params), bits(straight.model.params), 'parameters');
      assert.deepEqual(bits(second.model.buffers), bits(straight.model.buffers), 'batch-norm running averages');
      assert.deepEqual(bits(second.trainer.optimizer.state().buffers), bits(straight.trainer.optimizer.state().buffers), 'optimizer buffers');
      assert.deepEqual(second.trainer.lossHistory, straight.trainer.lossHistory);
      const { seconds: _a, ...r1 } = second.trainer.result();
      const { seconds: _b, ...r2 } = straight.trainer.result();
      const noTime = (h: readonly EpochRecord[]) => h.map(({ seconds: _, ...r }) => r);
      assert.deepEqual({ ...r1, history: noTime(r1.history) }, { ...r2, history: noTime(r2.history) });
      if (reason === 'early-stopping') assert.equal(c.state.earlyStopping!.bestEpoch, best, 'the checkpoint holds the best epoch the run ends with');
    });
  }

  it('read back version-2 checkpoints, whose epoch records held accuracies only, and resume from them', () => {
    const { trainer, config } = setup();
    for (let i = 0; i < 5; i++) trainer.step();
    const { tensors, metadata } = decodeSafetensors(encodeCheckpoint(trainer, config));
    const meta = JSON.parse(metadata['scratchnet.checkpoint']!) as Record<string, unknown> & { history: Record<string, unknown>[] };
    meta.version = 2;
    for (const k of ['stopped', 'earlyStopping', 'schedule']) delete meta[k];
    meta.history = meta.history.map((r) => ({ epoch: r.epoch, iter: r.iter, loss: r.loss, trainAcc: r.trainAcc, testAcc: r.testAcc, seconds: r.seconds }));
    const c = decodeCheckpoint(encodeSafetensors(tensors, { 'scratchnet.checkpoint': JSON.stringify(meta) }));
    assert.deepEqual(c.state.history.map((r) => [r.train, r.test, r.validation ?? null]), trainer.history.map((r) => [{ accuracy: r.trainAcc }, null, null]));
    assert.deepEqual([c.state.stopped, c.state.earlyStopping, c.state.schedule], [null, null, null]);
    const { trainer: again } = setup();
    again.model.setParams(c.params);
    again.model.setBuffers(c.buffers);
    again.restore(c.state);
    while (!again.done) again.step();
    while (!trainer.done) trainer.step();
    assert.deepEqual(bits(again.model.params), bits(trainer.model.params));
    assert.deepEqual(again.lossHistory, trainer.lossHistory);
  });

  it('read back a run without the NaN guard whose current epoch has a NaN loss', () => {
    const model = new MultiLayerNetExtend({ inputSize: 6, hiddenSizes: [5], outputSize: 3, seed: 1 });
    const images = Tensor.randn([20, 6], new Rng(4));
    images.data[0] = NaN; // one sample's loss cannot be computed
    const trainer = new Trainer(model, { train: { images, labels: Int32Array.from({ length: 20 }, (_, i) => i % 3) } }, { optimizer: new Adam(), iters: 9, batchSize: 6, nanGuard: false });
    while (!trainer.lossHistory.some(Number.isNaN)) trainer.step();
    if (trainer.iteration % trainer.perEpoch === 0) trainer.step(); // stay inside the epoch, where the sum since the last evaluation is NaN
    const config = { runId: 'nan1', model: model.config(), optimizer: { name: 'adam', hyper: trainer.optimizer.hyper }, batchSize: 6, iters: 9, seed: 0, sampling: 'shuffle' };
    const c = decodeCheckpoint(encodeCheckpoint(trainer, config));
    assert.ok(Number.isNaN(c.state.sumSinceEval));
    assert.deepEqual(c.state.lossHistory, trainer.lossHistory);
  });

  it('reject files that are not checkpoints, naming the file and the reason', () => {
    assertThrows(() => decodeCheckpoint(encodeSafetensors({ W: Tensor.ones([1]) }), 'x.safetensors'), FileFormatError, /x\.safetensors: not a valid scratchnet checkpoint: no 'scratchnet\.checkpoint' metadata/);
    assertThrows(() => decodeCheckpoint(encodeSafetensors({}, { 'scratchnet.checkpoint': '{"version":4}' }), 'y'), FileFormatError, /unknown checkpoint version 4 \(this scratchnet reads 1 to 3\)/);
  });

  it('refuse sections that contradict themselves or each other when read, before Trainer.restore', () => {
    const { trainer, config } = setup();
    for (let i = 0; i < 5; i++) trainer.step();
    const { tensors, metadata } = decodeSafetensors(encodeCheckpoint(trainer, config));
    type Meta = Record<string, unknown> & { batchRng: { s: number[] }; modelRandom: { spare: unknown }[]; optimizer: { step: number }; history: { epoch: number }[] };
    const corrupt = (change: (meta: Meta, t: Record<string, Tensor>) => void) => {
      const meta = JSON.parse(metadata['scratchnet.checkpoint']!) as Meta;
      const t = { ...tensors };
      change(meta, t);
      return encodeSafetensors(t, { 'scratchnet.checkpoint': JSON.stringify(meta) });
    };
    const order = Array.from(tensors['sampler.order']!.data);
    const cases: [Uint8Array, RegExp][] = [
      [corrupt((m) => m.batchRng.s.push(7)), /batchRng: s must be a list of 4 words, got 5 words$/],
      [corrupt((m) => { m.batchRng.s[2] = 2 ** 32; }), /batchRng: word 2 is 4294967296, not an integer in 0 \.\. 4294967295$/],
      [corrupt((m) => { m.modelRandom[0]!.spare = 'x'; }), /modelRandom\[0\]: spare must be null or a finite number, got "x"$/],
      [corrupt((m) => { m.history[0]!.epoch = 2; }), /history record 0 has epoch 2, expected 1$/],
      [corrupt((m) => { m.sinceEval = 4; }), /sinceEval is 4, but 1 iterations passed since the last evaluation$/],
      [corrupt((_, t) => { t['sampler.order'] = Tensor.from(Float64Array.from(order.map((v, i) => (i === 1 ? order[0]! : v)))); }), new RegExp(`the sampler order repeats index ${order[0]}$`)],
      [corrupt((m) => { m.samplerPosition = 21; }), /samplerPosition 21 is past the end of the 20-entry sampler order$/],
      [corrupt((m) => { m.optimizer.step = 6; }), /the optimizer made 6 steps in 5 iterations$/],
      [corrupt((_, t) => { t['optim.m.W1'] = Tensor.zeros([5, 6]); }), /optimizer buffer 'm\.W1' is float32 \[5, 6\], its parameter float32 \[6, 5\]$/],
      [corrupt((_, t) => { delete t['optim.v.b2']; }), /optimizer slot 'v' has no buffer for b2$/],
    ];
    for (const [bytes, pattern] of cases) assertThrows(() => decodeCheckpoint(bytes, 'c.safetensors'), FileFormatError, /^c\.safetensors: not a valid scratchnet checkpoint: /, pattern);
  });

  it('loadLatestCheckpoint falls back to the previous file when the newest has a bad generator state', () => {
    const { trainer, config } = setup();
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-rng-'));
    trainer.step();
    const older = saveCheckpoint(dir, trainer, config);
    trainer.step();
    const newest = saveCheckpoint(dir, trainer, config);
    const { tensors, metadata } = decodeSafetensors(readFileSync(newest));
    const meta = JSON.parse(metadata['scratchnet.checkpoint']!) as { batchRng: { s: number[] } };
    meta.batchRng.s.push(12345); // five words: Rng.setState in Trainer.restore would be the first to notice
    writeFileSync(newest, encodeSafetensors(tensors, { 'scratchnet.checkpoint': JSON.stringify(meta) }));
    const skipped: string[] = [];
    const c = loadLatestCheckpoint(dir, (path, why) => skipped.push(`${path}: ${why}`));
    assert.equal(c.path, older);
    assert.equal(c.state.iteration, 1);
    assert.equal(skipped.length, 1);
    assert.match(skipped[0]!, /ckpt-abc123-000000002\.safetensors: .*batchRng: s must be a list of 4 words, got 5 words$/);
  });

  it('saveCheckpoint keeps the newest two (or `keep`), newest first, and removes the rest after writing', () => {
    const { trainer, config } = setup();
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-keep-'));
    const written: string[] = [];
    for (let i = 0; i < 4; i++) {
      trainer.step();
      written.push(saveCheckpoint(dir, trainer, config));
    }
    assert.deepEqual(listCheckpoints(dir), [written[3], written[2]]);
    assert.deepEqual(readdirSync(dir).sort(), ['ckpt-abc123-000000003.safetensors', 'ckpt-abc123-000000004.safetensors'], 'no temporary files left');
    trainer.step();
    saveCheckpoint(dir, trainer, config, 1);
    assert.deepEqual(readdirSync(dir), ['ckpt-abc123-000000005.safetensors']);
  });
});
