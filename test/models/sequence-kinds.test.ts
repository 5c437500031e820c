import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileFormatError, MODEL_KINDS, Tensor, TwoLayerNet, ValueError, buildModel, buildSequenceModel, loadModel, loadSequenceModel, modelFileBytes, saveModel, sequenceModelFromConfig, sequenceModelFromSafetensors } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

const NAMES = ['rnnlm', 'better-rnnlm', 'seq2seq', 'peeky-seq2seq', 'attention-seq2seq'];

describe('the sequence models in the model-kind table', () => {
  it('are one entry each, built from their sizes and rebuilt from their config', () => {
    assert.deepEqual([...MODEL_KINDS.values()].filter((k) => k.input === 'ids').map((k) => k.name), NAMES);
    for (const name of NAMES) {
      const m = buildSequenceModel(name, { vocabSize: 9, wordvecSize: 4, hiddenSize: 4, seed: 3 });
      assert.equal(m.config().model, name);
      const twin = sequenceModelFromConfig(m.config());
      assert.deepEqual(twin.config(), m.config());
      assert.deepEqual(Object.values(twin.params).map((p) => Array.from(p.data)), Object.values(m.params).map((p) => Array.from(p.data)), `${name}: the same seed, the same weights`);
    }
  });

  it('are saved and loaded as safetensors: the same parameters, the same answers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seqmodels-'));
    const q = Tensor.from([[1, 2, 3]], { dtype: 'int32' });
    const a = Tensor.from([[0, 4, 5]], { dtype: 'int32' });
    for (const name of NAMES) {
      const m = buildSequenceModel(name, { vocabSize: 9, wordvecSize: 4, hiddenSize: 4, seed: 5 });
      for (const p of Object.values(m.params)) p.data.forEach((_, i) => (p.data[i] = Math.sin(i + p.size)));
      const path = join(dir, `${name}.safetensors`);
      saveModel(path, m);
      const back = loadSequenceModel(path);
      assert.deepEqual(Object.keys(back.params), Object.keys(m.params));
      for (const k of Object.keys(m.params)) assert.deepEqual(Array.from(back.params[k]!.data), Array.from(m.params[k]!.data), `${name} ${k}`);
      m.resetState();
      const loss = m.forward(q, a);
      assert.equal(back.forward(q, a), loss);
      assert.equal(sequenceModelFromSafetensors(modelFileBytes(m)).forward(q, a), loss);
    }
  });

  it('point to the right loader and builder when mixed up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seqmodels-'));
    saveModel(join(dir, 's.safetensors'), buildSequenceModel('seq2seq', { vocabSize: 5, hiddenSize: 4 }));
    saveModel(join(dir, 't.safetensors'), new TwoLayerNet(4, 3, 2));
    assertThrows(() => loadModel(join(dir, 's.safetensors')), FileFormatError, /seq2seq is a sequence model: .* load its files with loadSequenceModel/);
    assertThrows(() => loadSequenceModel(join(dir, 't.safetensors')), FileFormatError, /two-layer is not a sequence model; rebuild it with modelFromConfig \(loadModel for its files\)/);
    assertThrows(() => buildModel('rnnlm', { inputShape: [4], outputSize: 2 }), ValueError, /rnnlm is a sequence model: build it with buildSequenceModel/);
    assertThrows(() => buildSequenceModel('mlp', { vocabSize: 4 }), ValueError, /mlp is not a sequence model/);
  });
});
