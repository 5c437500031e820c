import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileFormatError, MultiLayerNet, Rng, SGD, Tensor, Trainer, ValueError, checkpointFiles, decodeCheckpoint, encodeCheckpoint, encodeSafetensors, listCheckpoints, loadLatestCheckpoint, newRunId, runsIn, saveCheckpoint, type RunConfig } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

function setup(runId: string) {
  const rng = new Rng(2);
  const model = new MultiLayerNet({ inputSize: 4, hiddenSizes: [3], outputSize: 2, seed: 1 });
  const data = { train: { images: Tensor.randn([12, 4], rng), labels: Int32Array.from({ length: 12 }, (_, i) => i % 2) } };
  const trainer = new Trainer(model, data, { optimizer: new SGD(0.1), iters: 20, batchSize: 4 });
  const config: RunConfig = { runId, model: model.config(), optimizer: { name: 'sgd', hyper: trainer.optimizer.hyper }, batchSize: 4, iters: 20, seed: 0, sampling: 'shuffle', out: '/somewhere/m.safetensors' };
  return { trainer, config };
}

describe('checkpoint files', () => {
  it('a run prunes only its own files, never the one it just wrote, and leaves other runs alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-runs-'));
    const a = setup('aaaa');
    const b = setup('bbbb');
    for (let i = 0; i < 9; i++) a.trainer.step();
    saveCheckpoint(dir, a.trainer, a.config);
    a.trainer.step();
    saveCheckpoint(dir, a.trainer, a.config);
    // the second run is at lower iterations: pruning by iteration across runs deleted its newest file at once
    for (let i = 0; i < 3; i++) {
      b.trainer.step();
      const path = saveCheckpoint(dir, b.trainer, b.config);
      assert.ok(readdirSync(dir).includes(path.split('/').pop()!), `${path} survives its own save`);
    }
    assert.deepEqual(readdirSync(dir).sort(), ['ckpt-aaaa-000000009.safetensors', 'ckpt-aaaa-000000010.safetensors', 'ckpt-bbbb-000000002.safetensors', 'ckpt-bbbb-000000003.safetensors']);
    assert.deepEqual([...runsIn(dir).keys()].sort(), ['aaaa', 'bbbb']);
    assert.deepEqual(listCheckpoints(dir, 'bbbb').map((p) => p.split('/').pop()), ['ckpt-bbbb-000000003.safetensors', 'ckpt-bbbb-000000002.safetensors']);
  });

  it('resumes a folder of one run, refuses a folder of several (naming them), and takes a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-resume-'));
    const a = setup('aaaa');
    a.trainer.step();
    const fileA = saveCheckpoint(dir, a.trainer, a.config);
    assert.equal(loadLatestCheckpoint(dir).config.runId, 'aaaa');
    const b = setup('bbbb');
    b.trainer.step();
    b.trainer.step();
    saveCheckpoint(dir, b.trainer, b.config);
    assertThrows(() => loadLatestCheckpoint(dir), ValueError, /holds checkpoints of 2 runs: run bbbb \(mlp, iteration 2 of 20, saving \/somewhere\/m\.safetensors\), newest .*ckpt-bbbb-000000002.*; run aaaa .*Resume one by naming its checkpoint file/);
    const c = loadLatestCheckpoint(fileA);
    assert.equal(c.config.runId, 'aaaa');
    assert.equal(c.state.iteration, 1);
  });

  it('falls back within the run when its newest file is corrupt, reporting the skip', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-corrupt-'));
    const a = setup('aaaa');
    a.trainer.step();
    saveCheckpoint(dir, a.trainer, a.config);
    a.trainer.step();
    const newest = saveCheckpoint(dir, a.trainer, a.config);
    writeFileSync(newest, 'garbage');
    const skipped: string[] = [];
    assert.equal(loadLatestCheckpoint(dir, (p) => skipped.push(p)).state.iteration, 1);
    assert.deepEqual(skipped, [newest]);
  });

  it('reads checkpoints written before runs had ids as a run of their own', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-v1-'));
    const a = setup('aaaa');
    a.trainer.step();
    // a version-1 file: the same content without the run id, under the old name
    const v2 = encodeCheckpoint(a.trainer, a.config);
    const decoded = decodeCheckpoint(v2);
    const meta = JSON.parse(new TextDecoder().decode(v2.subarray(8, 8 + Number(new DataView(v2.buffer, v2.byteOffset).getBigUint64(0, true))))) as { __metadata__: Record<string, string> };
    const old = JSON.parse(meta.__metadata__['scratchnet.checkpoint']!) as { version: number; config: Record<string, unknown> };
    old.version = 1;
    delete old.config.runId;
    delete old.config.out;
    const rebuilt = encodeSafetensors(
      Object.fromEntries([
        ...Object.entries(decoded.params).map(([k, t]) => [`param.${k}`, t]),
        ...Object.entries(decoded.state.optimizer.buffers).map(([k, t]) => [`optim.${k}`, t]),
        ['history.loss', Tensor.from(Float64Array.from(decoded.state.lossHistory))],
        ...(decoded.state.sampler.epochOrder ? [['sampler.order', Tensor.from(Float64Array.from(decoded.state.sampler.epochOrder))]] : []),
      ]),
      { 'scratchnet.checkpoint': JSON.stringify(old) },
    );
    writeFileSync(join(dir, 'ckpt-000000001.safetensors'), rebuilt);
    assert.deepEqual(checkpointFiles(dir).map((f) => [f.runId, f.iteration]), [['', 1]]);
    const c = loadLatestCheckpoint(dir);
    assert.equal(c.config.runId, '');
    assert.equal(c.config.out, undefined);
    assert.equal(c.state.iteration, 1);
  });

  it('refuses a run id that cannot be part of a file name', () => {
    const a = setup('../x');
    assertThrows(() => encodeCheckpoint(a.trainer, a.config), ValueError, /run id must be 1 to 32 lowercase letters or digits, got '\.\.\/x'/);
    assert.match(newRunId(), /^[0-9a-f]{8}$/);
    assert.notEqual(newRunId(), newRunId());
  });

  it('an empty folder is an error naming the expected file names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-empty-'));
    assertThrows(() => loadLatestCheckpoint(dir), FileFormatError, /no checkpoint to resume from \(expected files named ckpt-<run>-<iteration>\.safetensors\)/);
  });
});
