import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, Embedding, Rng, ShapeError, Tensor, ValueError, gradientCheck } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../../helpers.js';
import { ids, ref } from './fixture.js';

describe('Embedding', () => {
  it('matches numpy: out = W[idx], dW = np.add.at(0, idx, dout) with a repeated id accumulating', () => {
    const r = ref.embedding!;
    const layer = new Embedding(t64(r.W!));
    assertClose(layer.forward(ids(r.idx!)), r.out!, { rtol: 0, atol: 0 });
    assert.equal(layer.backward(t64(r.dout!)), undefined, 'no dx: ids are not differentiable');
    assertClose(layer.grads.W, r.dW!, { rtol: 1e-15, atol: 1e-15 });
  });

  it('passes a float64 gradient check for W, and a second backward replaces the gradient instead of adding to it', () => {
    const rng = new Rng(3);
    const W = Tensor.randn([6, 4], rng, f64);
    const idx = ids([5, 0, 5, 5, 2]);
    const r = Tensor.randn([5, 4], rng, f64);
    const layer = new Embedding(W);
    layer.forward(idx);
    layer.backward(r);
    layer.forward(idx);
    layer.backward(r);
    const result = gradientCheck(() => new Embedding(W).forward(idx).mul(r).sum().item(), { W }, { W: layer.grads.W });
    assert.ok(result.ok, result.report);
  });

  it('does not change its arguments', () => {
    const W = Tensor.randn([4, 2], new Rng(1), f64);
    const idx = ids([1, 1, 3]);
    const dout = Tensor.ones([3, 2], f64);
    const before = [W, dout].map(snapshot);
    const idxBefore = Array.from(idx.data);
    const layer = new Embedding(W);
    layer.forward(idx);
    layer.backward(dout);
    assert.deepEqual([W, dout].map(snapshot), before);
    assert.deepEqual(Array.from(idx.data), idxBefore);
  });

  it('names an id outside the vocabulary with its position, ids that are not int32, and backward before forward', () => {
    const layer = new Embedding(Tensor.zeros([5, 2]));
    assertThrows(() => layer.forward(ids([1, 5])), ValueError, /Embedding\.forward: id 5 at \[1\] is outside the vocabulary of 5 \(0 \.\. 4\)/);
    assertThrows(() => layer.forward(ids([-1])), ValueError, /id -1 at \[0\]/);
    assertThrows(() => layer.forward(Tensor.from([1, 2]) as unknown as Tensor<'int32'>), DTypeError, /the ids must be an int32 tensor, got float32; make them with Tensor\.from\(ids, \{ dtype: 'int32' \}\)/);
    assertThrows(() => layer.forward(ids([[1, 2]])), ShapeError, /expected the ids of rank 1/);
    assertThrows(() => new Embedding(Tensor.zeros([5, 2])).backward(Tensor.zeros([1, 2])), ValueError, /Embedding\.backward: call forward first/);
    assertThrows(() => new Embedding(Tensor.zeros([5])), ShapeError, /W must be 2-D/);
  });
});
