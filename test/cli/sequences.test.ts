import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  TwoLayerNet, additionText, exactMatch, grammarText, listCheckpoints, loadSequenceModel, parseSeq2seqText, readSafetensors, saveModel, type Seq2seqModel,
} from '../../src/index.js';
import { ROOT } from '../helpers.js';

const BIN = join(ROOT, 'bin', 'scratchnet.js');
const run = (args: string[], cwd?: string) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, ...(cwd ? { cwd } : {}) });
const lines = (s: string) => s.trim().split('\n');
const tensorBytes = (path: string) => Object.fromEntries(Object.entries(readSafetensors(path).tensors).map(([k, t]) => [k, Array.from(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength))]));

const work = mkdtempSync(join(tmpdir(), 'seq-cli-'));
const addition = join(work, 'addition.txt');
writeFileSync(addition, additionText(200, { digits: 2, seed: 1 }));
const text = join(work, 'toy.txt');
writeFileSync(text, grammarText(120, { seed: 1 }));
const S2S = ['--model', 'seq2seq', '--data', addition, '--hidden', '16', '--batch-size', '30', '--seed', '2'];
const LM = ['--model', 'better-rnnlm', '--data', text, '--hidden', '8', '--wordvec-size', '8', '--batch-size', '4', '--time-size', '10', '--lr', '1', '--dropout', '0.3'];

describe('scratchnet train, eval, predict and generate for sequence models', () => {
  const s2sModel = join(work, 's2s.safetensors');

  it('trains a seq2seq model with --json progress in the classifier\'s shape, then eval and predict work from the file alone', () => {
    const r = run(['train', ...S2S, '--epochs', '2', '--json', '--out', s2sModel]);
    assert.equal(r.status, 0, r.stderr);
    const out = lines(r.stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(Object.keys(out[0]!), ['epoch', 'iter', 'loss', 'testAcc', 'seconds']);
    assert.deepEqual([out[0]!.epoch, out[0]!.iter, out[1]!.iter], [1, 6, 12], '180 training examples in batches of 30');
    assert.deepEqual(Object.keys(out[2]!), ['model', 'task', 'iters', 'epochs', 'loss', 'testAcc', 'seconds']);
    assert.equal(out[2]!.task, 'seq2seq');
    const e = run(['eval', '--model', s2sModel, '--data', addition, '--json']);
    assert.equal(e.status, 0, e.stderr);
    const last = JSON.parse(lines(e.stdout).at(-1)!) as { task: string; n: number; accuracy: number };
    assert.deepEqual(Object.keys(last), ['task', 'n', 'accuracy']);
    const data = parseSeq2seqText(additionText(200, { digits: 2, seed: 1 }));
    assert.equal(last.n, 200);
    assert.equal(last.accuracy, exactMatch(loadSequenceModel(s2sModel) as Seq2seqModel, data.questions, data.answers), 'the same figure as the library on the same lines');
    const p = run(['predict', '--model', s2sModel, '12+3', '5+60', '--json']);
    assert.equal(p.status, 0, p.stderr);
    assert.deepEqual(lines(p.stdout).map((l) => Object.keys(JSON.parse(l) as object)), [['question', 'answer'], ['question', 'answer']]);
  });

  it('a seq2seq run stopped after epoch 1 and resumed to epoch 3 saves the same parameters as an uninterrupted run', () => {
    const whole = join(work, 'whole.safetensors');
    assert.equal(run(['train', ...S2S, '--epochs', '3', '--quiet', '--out', whole]).status, 0);
    const dir = join(work, 'ck-s2s');
    const part = join(work, 'part.safetensors');
    assert.equal(run(['train', ...S2S, '--epochs', '1', '--quiet', '--out', part, '--checkpoint-dir', dir]).status, 0);
    const r = run(['train', '--resume', dir, '--epochs', '3', '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(tensorBytes(part), tensorBytes(whole));
  });

  it('a language model run killed with SIGKILL after a checkpoint and resumed ends bit-identical (dropout, SGD, the corpus position)', async () => {
    const whole = join(work, 'lm-whole.safetensors');
    const r0 = run(['train', ...LM, '--epochs', '4', '--quiet', '--out', whole]);
    assert.equal(r0.status, 0, r0.stderr);
    const dir = join(work, 'ck-lm');
    const out = join(work, 'lm-resumed.safetensors');
    const child = spawn(process.execPath, [BIN, 'train', ...LM, '--epochs', '4', '--quiet', '--out', out, '--checkpoint-dir', dir], { stdio: 'ignore' });
    const exited = new Promise((res) => child.on('exit', res));
    while (listCheckpoints(dir).length === 0) await new Promise((res) => setTimeout(res, 10));
    child.kill('SIGKILL');
    await exited;
    const r = run(['train', '--resume', dir]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /resuming .*ckpt-[0-9a-f]{8}-\d{9}\.safetensors at iteration \d+/);
    assert.deepEqual(tensorBytes(out), tensorBytes(whole));
    const g = run(['generate', '--model', out, '--start', 'the cat', '--length', '12', '--seed', '3']);
    assert.equal(g.status, 0, g.stderr);
    assert.equal(g.stdout.trim().split(/\s+/).length >= 12, true, g.stdout);
    assert.equal(run(['generate', '--model', out, '--start', 'the cat', '--length', '12', '--seed', '3']).stdout, g.stdout, 'the same seed, the same text');
    const e = run(['eval', '--model', out, '--data', text, '--json']);
    assert.equal(e.status, 0, e.stderr);
    const ppl = JSON.parse(lines(e.stdout).at(-1)!) as { task: string; perplexity: number };
    assert.deepEqual(Object.keys(ppl), ['task', 'perplexity']);
    assert.ok(ppl.perplexity > 1 && ppl.perplexity < 60, `perplexity ${ppl.perplexity}`);
  });

  it('the NaN guard stops a diverging run with the iteration named, one line, exit 1, no model written', () => {
    const out = join(work, 'nan.safetensors');
    const r = run(['train', '--model', 'rnnlm', '--data', text, '--hidden', '8', '--wordvec-size', '8', '--batch-size', '4', '--time-size', '10', '--lr', '1e30', '--max-grad', 'none', '--out', out]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^error: training stopped at iteration \d+: (the loss exploded|the loss became|.*non-finite).*\(--max-grad 5\)/);
    assert.match(r.stderr, /No model was saved/);
    assert.equal(lines(r.stderr).length, 1);
    assert.ok(!existsSync(out));
  });

  it('bad input: one line naming what is wrong, exit 1, nothing written', () => {
    const uneven = join(work, 'uneven.txt');
    writeFileSync(uneven, '1+2 _3 \n10+2 _12\n');
    const cases: [string[], RegExp][] = [
      [['train', '--model', 'seq2seq', '--data', uneven, '--out', join(work, 'x.safetensors')], /line 2: the question is 5 characters wide, line 1's is 4/],
      [['eval', '--model', s2sModel, '--data', uneven], /line 2/],
      [['predict', '--model', s2sModel, '12*3'], /the character "\*" at 3 is not in the model's vocabulary/],
      [['predict', '--model', s2sModel, '123456789'], /has 9 characters; the model reads at most 5/],
      [['train', '--model', 'seq2seq', '--data', addition, '--level', 'char'], /--level goes with --model rnnlm or better-rnnlm, not seq2seq/],
      [['train', '--model', 'rnnlm', '--data', text, '--iters', '5'], /--iters: sequence models train for --epochs/],
      [['generate', '--model', s2sModel, '--start', '1'], /is a seq2seq model \(seq2seq\): it answers questions/],
    ];
    writeFileSync(join(work, 'other.txt'), '1+2  _3  \n1-2  _-1 \n');
    cases.push([['eval', '--model', s2sModel, '--data', join(work, 'other.txt')], /line 2: the character "-" is not in the model's vocabulary/]);
    const net = join(work, 'net.safetensors');
    saveModel(net, new TwoLayerNet(4, 3, 2));
    cases.push([['generate', '--model', net, '--start', 'a'], /holds a two-layer model, not a language model/]);
    for (const [args, pattern] of cases) {
      const before = readdirSync(work).sort();
      const r = run(args, work);
      assert.equal(r.status, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(lines(r.stderr).length, 1, r.stderr);
      assert.match(r.stderr, pattern);
      assert.deepEqual(readdirSync(work).sort(), before, `${args.join(' ')} wrote nothing`);
    }
  });

  it('help: train lists the sequence models and their book defaults; generate, eval and predict say what they do with them', () => {
    assert.match(run(['train', '--help']).stdout, /Sequence models .*rnnlm\|better-rnnlm\|seq2seq\|peeky-seq2seq\|attention-seq2seq[\s\S]*ch08\/train\.py: 16, 256, batch 128/);
    assert.match(run(['generate', '--help']).stdout, /^Usage: scratchnet generate --model FILE --start TEXT/);
    assert.match(run(['eval', '--help']).stdout, /\{"task": "seq2seq", "n", "accuracy"\}/);
    assert.match(run(['predict', '--help']).stdout, /scratchnet predict --model SEQ2SEQ\.safetensors "QUESTION"/);
  });
});
