import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  Adam, BetterRnnlm, FileFormatError, LanguageModelTrainer, Rng, Seq2seq, Seq2seqTrainer, Tensor, decodeSequenceCheckpoint, encodeSequenceCheckpoint,
  loadLatestSequenceCheckpoint, saveSequenceCheckpoint, type SequenceModel, type SequenceRunConfig,
} from '../../src/index.js';
import { assertThrows } from '../helpers.js';

const bytesOf = (m: SequenceModel) => Object.fromEntries(Object.entries(m.params).map(([k, p]) => [k, Array.from(new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.byteLength))]));
const corpus = Int32Array.from({ length: 300 }, (_, i) => [0, 1, 2, 3, 2, 1, 4][i % 7]!);
const lm = () => new BetterRnnlm({ vocabSize: 5, wordvecSize: 6, hiddenSize: 6, dropoutRatio: 0.3, seed: 1 });
const lmOptions = () => ({ optimizer: new Adam(0.01), epochs: 3, batchSize: 4, timeSize: 5, maxGrad: 1 });

function reversal(n: number, seed: number) {
  const rng = new Rng(seed);
  const q: number[][] = [];
  const a: number[][] = [];
  for (let i = 0; i < n; i++) {
    const d = [1 + rng.int(4), 1 + rng.int(4), 1 + rng.int(4)];
    q.push(d);
    a.push([0, ...[...d].reverse()]);
  }
  return { questions: Tensor.from(q, { dtype: 'int32' }), answers: Tensor.from(a, { dtype: 'int32' }) };
}
const s2sData = { train: reversal(40, 1), test: reversal(10, 2) };
const s2s = () => new Seq2seq({ vocabSize: 5, wordvecSize: 4, hiddenSize: 8, seed: 2 });
const s2sOptions = () => ({ optimizer: new Adam(0.01), epochs: 3, batchSize: 8, seed: 7 });

const config = (task: 'language-model' | 'seq2seq', model: SequenceModel): SequenceRunConfig => ({
  runId: 'abc123', task, model: model.config(), optimizer: { name: 'adam', hyper: { lr: 0.01 } }, batchSize: 4, epochs: 3, seed: 0, maxGrad: 1,
  data: '/data.txt', out: '/model.safetensors', validation: 0, extra: { timeSize: 5 },
});

describe('sequence checkpoints', () => {
  for (const k of [1, 2]) {
    it(`a language model run stopped after epoch ${k} and resumed from its checkpoint bytes ends bit-identical (dropout masks, Adam, batches)`, () => {
      const straight = lm();
      const a = new LanguageModelTrainer(straight, corpus, lmOptions());
      while (!a.done) a.step();
      const first = lm();
      const b = new LanguageModelTrainer(first, corpus, lmOptions());
      while (b.iteration < k * b.perEpoch) b.step();
      const saved = decodeSequenceCheckpoint(encodeSequenceCheckpoint(b, config('language-model', first)));
      assert.equal(saved.state.iteration, k * b.perEpoch);
      const again = new BetterRnnlm({ vocabSize: 5, wordvecSize: 6, hiddenSize: 6, dropoutRatio: 0.3, seed: 99 });
      again.setParams(saved.params);
      const c = new LanguageModelTrainer(again, corpus, lmOptions());
      assert.equal(saved.task, 'language-model');
      if (saved.task === 'language-model') c.restore(saved.state);
      while (!c.done) c.step();
      assert.deepEqual(bytesOf(again), bytesOf(straight));
      assert.deepEqual(c.result().history.map((e) => e.loss), a.result().history.map((e) => e.loss));
    });
  }

  it('a seq2seq run stopped mid-epoch and resumed from its checkpoint bytes ends bit-identical (batch order, Adam)', () => {
    const straight = s2s();
    const a = new Seq2seqTrainer(straight, s2sData, s2sOptions());
    while (!a.done) a.step();
    const first = s2s();
    const b = new Seq2seqTrainer(first, s2sData, s2sOptions());
    while (b.iteration < b.perEpoch + 2) b.step();
    const saved = decodeSequenceCheckpoint(encodeSequenceCheckpoint(b, config('seq2seq', first)));
    const again = new Seq2seq({ vocabSize: 5, wordvecSize: 4, hiddenSize: 8, seed: 3 });
    again.setParams(saved.params);
    const c = new Seq2seqTrainer(again, s2sData, s2sOptions());
    assert.equal(saved.task, 'seq2seq');
    if (saved.task === 'seq2seq') c.restore(saved.state);
    while (!c.done) c.step();
    assert.deepEqual(bytesOf(again), bytesOf(straight));
    assert.deepEqual(c.result().history, a.result().history.map((e, i) => ({ ...e, seconds: c.result().history[i]!.seconds })));
  });

  it('on disk: written per run, the newest two kept, the newest readable one resumed, a corrupt one skipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seq-ckpt-'));
    const model = s2s();
    const t = new Seq2seqTrainer(model, s2sData, s2sOptions());
    const paths: string[] = [];
    while (!t.done) {
      t.step();
      if (t.iteration % t.perEpoch === 0) paths.push(saveSequenceCheckpoint(dir, t, config('seq2seq', model)));
    }
    assert.deepEqual(readdirSync(dir).sort(), paths.slice(-2).map((p) => p.split('/').pop()).sort());
    writeFileSync(paths.at(-1)!, 'garbage');
    const skipped: string[] = [];
    const back = loadLatestSequenceCheckpoint(dir, (p) => skipped.push(p));
    assert.deepEqual(skipped, [paths.at(-1)]);
    assert.equal(back.path, paths.at(-2));
    assert.equal(back.state.iteration, 2 * t.perEpoch);
  });

  it('refuses bytes that are not a sequence checkpoint, naming the file and the field', () => {
    const model = s2s();
    const t = new Seq2seqTrainer(model, s2sData, s2sOptions());
    t.step();
    const good = encodeSequenceCheckpoint(t, config('seq2seq', model));
    assertThrows(() => decodeSequenceCheckpoint(new Uint8Array(10), 'x.safetensors'), FileFormatError, /^x\.safetensors: /);
    const text = new TextDecoder('latin1').decode(good);
    // the metadata is a JSON string inside the JSON header: its quotes are escaped
    const edit = (plainFrom: string, plainTo: string) => {
      const [from, to] = [plainFrom, plainTo].map((x) => x.replaceAll('"', '\\"'));
      assert.ok(text.includes(from!), from);
      const s = text.replace(from!, to!.padEnd(from!.length));
      return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
    };
    assertThrows(() => decodeSequenceCheckpoint(edit('"iteration":1', '"iteration":2'), 'c'), FileFormatError, /c: not a valid scratchnet sequence checkpoint: 1 losses recorded for 2 iterations/);
    assertThrows(() => decodeSequenceCheckpoint(edit('"version":1', '"version":9'), 'c'), FileFormatError, /unknown version 9/);
    assertThrows(() => decodeSequenceCheckpoint(edit('"batchSize":4', '"batchSize":0'), 'c'), FileFormatError, /'config' must be the run settings/);
    assertThrows(() => encodeSequenceCheckpoint(t, config('language-model', model)), Error, /a seq2seq trainer with the settings of a language-model run/);
  });
});
