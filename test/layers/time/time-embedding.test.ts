import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, Rng, ShapeError, Tensor, TimeEmbedding, ValueError, gradientCheck } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../../helpers.js';
import { ids, randomIds, ref } from './fixture.js';

describe('TimeEmbedding', () => {
  it("matches numpy's per-step Embeddings: out[n, t] = W[xs[n, t]], dW summed over the steps", () => {
    const r = ref.time_embedding!;
    const layer = new TimeEmbedding(t64(r.W!));
    const out = layer.forward(ids(r.xs!));
    assert.deepEqual(out.shape, [2, 4, 3]);
    assertClose(out, r.out!, { rtol: 0, atol: 0 });
    layer.backward(t64(r.dout!));
    assertClose(layer.grads.W, r.dW!, { rtol: 1e-14, atol: 1e-15 });
  });

  it('passes a float64 gradient check for W with repeated ids', () => {
    const rng = new Rng(4);
    const W = Tensor.randn([5, 3], rng, f64);
    const xs = randomIds([3, 4], 5, (n) => rng.int(n));
    const r = Tensor.randn([3, 4, 3], rng, f64);
    const layer = new TimeEmbedding(W);
    layer.forward(xs);
    layer.backward(r);
    const result = gradientCheck(() => new TimeEmbedding(W).forward(xs).mul(r).sum().item(), { W }, { W: layer.grads.W });
    assert.ok(result.ok, result.report);
  });

  it('does not change its arguments', () => {
    const W = Tensor.randn([4, 2], new Rng(1), f64);
    const dout = Tensor.ones([1, 3, 2], f64);
    const before = [W, dout].map(snapshot);
    const layer = new TimeEmbedding(W);
    layer.forward(ids([[3, 3, 0]]));
    layer.backward(dout);
    assert.deepEqual([W, dout].map(snapshot), before);
  });

  it('names bad ids with their [n, t] position and the vocabulary size, float ids, wrong ranks and a wrong dout', () => {
    const layer = new TimeEmbedding(Tensor.zeros([10, 2]));
    assertThrows(() => layer.forward(ids([[1, 2], [3, 12]])), ValueError, /TimeEmbedding\.forward: id 12 at \[1, 1\] is outside the vocabulary of 10 \(0 \.\. 9\)/);
    assertThrows(() => layer.forward(Tensor.from([[1, 2]]) as unknown as Tensor<'int32'>), DTypeError, /must be an int32 tensor, got float32/);
    assertThrows(() => layer.forward([[1, 2]] as unknown as Tensor<'int32'>), ValueError, /wrap it: Tensor\.from\(ids, \{ dtype: 'int32' \}\)/);
    assertThrows(() => layer.forward(ids([1, 2])), ShapeError, /rank 2 \(\[N, T\]\), got shape \[2\]/);
    layer.forward(ids([[1, 2]]));
    assertThrows(() => layer.backward(Tensor.zeros([1, 2, 3])), ShapeError, /dout must have the shape of the forward output \[1, 2, 2\]/);
  });
});
