import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, Rng, Rnnlm, Tensor, ValueError, gradientCheck } from '../../src/index.js';
import { assertThrows, snapshot } from '../helpers.js';

const ids = (v: number[][]) => Tensor.from(v, { dtype: 'int32' });

describe('Rnnlm', () => {
  it("has the book's parameters, named by layer, with the book's shapes and initial scales", () => {
    const m = new Rnnlm({ vocabSize: 1000, wordvecSize: 100, hiddenSize: 100 });
    const shapes = Object.fromEntries(Object.entries(m.params).map(([k, p]) => [k, p.shape]));
    assert.deepEqual(shapes, { 'embed.W': [1000, 100], 'lstm.Wx': [100, 400], 'lstm.Wh': [100, 400], 'lstm.b': [400], 'affine.W': [100, 1000], 'affine.b': [1000] });
    const std = (k: string) => Math.sqrt(m.params[k]!.square().mean().item());
    assert.ok(Math.abs(std('embed.W') - 0.01) < 0.001, 'randn / 100');
    assert.ok(Math.abs(std('lstm.Wx') - 0.1) < 0.005, 'randn / √D');
    assert.ok(Math.abs(std('affine.W') - 0.1) < 0.005, 'randn / √H');
    assert.equal(m.params['lstm.b']!.abs().sum().item(), 0);
    assert.equal(m.grads['lstm.Wx'], m.lstm.grads.Wx, 'the gradients are the layers\' own tensors');
  });

  it('passes a float64 gradient check of the loss for every parameter, with the state carried from a previous batch', () => {
    const m = new Rnnlm({ vocabSize: 5, wordvecSize: 3, hiddenSize: 4, seed: 1, dtype: 'float64' });
    const rng = new Rng(11);
    for (const p of Object.values(m.params)) p.assign(Tensor.randn(p.shape, rng, { dtype: 'float64', std: 0.5 })); // weights large enough to matter
    const [xs0, xs, ts] = [ids([[1, 2, 3], [0, 4, 4]]), ids([[3, 1, 0], [2, 2, 1]]), ids([[1, 0, 4], [2, 1, 3]])];
    m.forward(xs0, ts);
    const h = m.lstm.h!.clone();
    const c = m.lstm.c!.clone();
    const loss = () => {
      m.lstm.setState(h, c);
      return m.forward(xs, ts, { train: true });
    };
    loss();
    m.backward();
    const grads = Object.fromEntries(Object.entries(m.grads).map(([k, g]) => [k, g.clone()]));
    const result = gradientCheck(loss, m.params, grads);
    assert.ok(result.ok, result.report);
  });

  it('generates deterministically from a seed, never the skipped ids, starting after its start ids', () => {
    const m = new Rnnlm({ vocabSize: 6, wordvecSize: 4, hiddenSize: 5, seed: 3 });
    const a = m.generate([2, 3], 40, { rng: new Rng(7), skipIds: [0, 5] });
    assert.equal(a.length, 40);
    assert.deepEqual(a.slice(0, 2), [2, 3]);
    assert.ok(a.slice(2).every((id) => id !== 0 && id !== 5 && id >= 0 && id < 6));
    assert.deepEqual(m.generate([2, 3], 40, { rng: new Rng(7), skipIds: [0, 5] }), a);
    assert.equal(m.lstm.h, null, 'the state is reset afterwards');
  });

  it('rebuilds from its config, and does not change its inputs', () => {
    const m = new Rnnlm({ vocabSize: 6, wordvecSize: 4, hiddenSize: 5, seed: 3 });
    const twin = new Rnnlm(m.config() as never);
    assert.deepEqual(twin.config(), m.config());
    assert.deepEqual(Object.values(twin.params).map(snapshot), Object.values(m.params).map(snapshot));
    const xs = ids([[1, 2]]);
    const ts = ids([[2, 3]]);
    m.forward(xs, ts);
    m.backward();
    assert.deepEqual([Array.from(xs.data), Array.from(ts.data)], [[1, 2], [2, 3]]);
  });

  it('names ids outside the vocabulary, float ids and bad sizes; refuses a prompt of unknown ids', () => {
    const m = new Rnnlm({ vocabSize: 4, wordvecSize: 2, hiddenSize: 2 });
    assertThrows(() => m.forward(ids([[1, 4]]), ids([[1, 2]])), ValueError, /Rnnlm\.forward: id 4 at \[0, 1\] is outside the vocabulary of 4/);
    assertThrows(() => m.forward(ids([[1, 2]]), ids([[1, 9]])), ValueError, /Rnnlm\.forward: label 9 at \[0, 1\] is outside the vocabulary of 4 \(0 \.\. 3 or -1 \(ignored\)\)/);
    assertThrows(() => m.forward(Tensor.from([[1, 2]]) as unknown as Tensor<'int32'>, ids([[1, 2]])), DTypeError, /Rnnlm\.forward: the ids must be an int32 tensor, got float32/);
    assertThrows(() => new Rnnlm({ vocabSize: 0 }), ValueError, /Rnnlm: vocabSize must be a whole number ≥ 1, got 0/);
    assertThrows(() => m.generate([7], 3, { rng: new Rng(0) }), ValueError, /Rnnlm\.generate: start id 7 at 0 is outside the vocabulary of 4/);
    assertThrows(() => m.generate([1], 3, {} as never), ValueError, /give \{ rng \}/);
  });
});
