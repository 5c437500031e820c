import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileFormatError, Rng, Tensor, TwoLayerNet, loadModel, readSafetensors, saveModel, writeSafetensors } from '../../src/index.js';
import { assertThrows, snapshot } from '../helpers.js';

describe('model files', () => {
  it('saves parameters by their book names with the architecture, and loadModel rebuilds the model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-'));
    const path = join(dir, 'net.safetensors');
    const net = new TwoLayerNet(6, 4, 3, { activation: 'sigmoid', seed: 5 });
    saveModel(path, net);
    const raw = readSafetensors(path);
    assert.deepEqual(Object.keys(raw.tensors), ['W1', 'b1', 'W2', 'b2']);
    assert.equal(JSON.parse(raw.metadata['scratchnet.model']!).activation, 'sigmoid');
    const back = loadModel(path);
    const x = Tensor.randn([2, 6], new Rng(1));
    assert.deepEqual(snapshot(back.predict(x)), snapshot(net.predict(x)));
    assert.deepEqual(back.config(), net.config());
  });

  it('explains files that are not scratchnet models or do not fit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'model-'));
    writeSafetensors(join(dir, 'raw.safetensors'), { W: Tensor.ones([2]) });
    assertThrows(() => loadModel(join(dir, 'raw.safetensors')), FileFormatError, /raw\.safetensors: no 'scratchnet\.model' in the metadata/);
    const cfg = JSON.stringify(new TwoLayerNet(6, 4, 3).config());
    writeSafetensors(join(dir, 'short.safetensors'), { W1: Tensor.ones([6, 4]) }, { 'scratchnet.model': cfg });
    assertThrows(() => loadModel(join(dir, 'short.safetensors')), FileFormatError, /the tensors do not fit the model: .*missing b1, W2, b2/);
    writeSafetensors(join(dir, 'alien.safetensors'), {}, { 'scratchnet.model': '{"model":"gpt"}' });
    assertThrows(() => loadModel(join(dir, 'alien.safetensors')), FileFormatError, /bad model description .*unknown model "gpt"/);
  });
});
