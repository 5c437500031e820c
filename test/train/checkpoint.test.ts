import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Adam, FileFormatError, MultiLayerNetExtend, Rng, Tensor, Trainer, decodeCheckpoint, encodeCheckpoint, encodeSafetensors, listCheckpoints, saveCheckpoint } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

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
    assert.deepEqual(Object.keys(c.state.optimizer.buffers).sort(), Object.keys(s.optimizer.buffers).sort());
    assert.deepEqual(Object.keys(c.params), Object.keys(trainer.model.params));
    assert.deepEqual(Object.keys(c.buffers), ['running_mean1', 'running_var1']);
  });

  it('reject files that are not checkpoints, naming the file and the reason', () => {
    assertThrows(() => decodeCheckpoint(encodeSafetensors({ W: Tensor.ones([1]) }), 'x.safetensors'), FileFormatError, /x\.safetensors: not a valid scratchnet checkpoint: no 'scratchnet\.checkpoint' metadata/);
    assertThrows(() => decodeCheckpoint(encodeSafetensors({}, { 'scratchnet.checkpoint': '{"version":3}' }), 'y'), FileFormatError, /unknown checkpoint version 3 \(this scratchnet reads 1 and 2\)/);
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
