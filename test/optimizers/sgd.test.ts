import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SGD, ShapeError, Tensor, ValueError } from '../../src/index.js';
import { assertThrows, f64 } from '../helpers.js';
import { checkAgainstRule } from './rule-check.js';

describe('SGD', () => {
  it('steps W ← W − lr·g (hand-computed)', () => {
    const W = Tensor.from([1, 2], f64);
    const sgd = new SGD(0.5);
    sgd.update({ W }, { W: Tensor.from([0.2, -4], f64) });
    assert.deepEqual(W.toArray(), [0.9, 4]);
    sgd.update({ W }, { W: Tensor.from([2, 2], f64) });
    assert.deepEqual(W.toArray(), [0.9 - 1, 3]);
    assert.equal(sgd.state().step, 2);
  });

  it('update is SGD.rule, fused (float64 and float32)', () => {
    checkAgainstRule(() => new SGD(0.3), (W, g) => ({ W: SGD.rule(W, g, 0.3) }), []);
  });

  it('restores its state and rejects bad learning rates and gradients', () => {
    const a = new SGD(0.1);
    const b = new SGD(0.1);
    a.update({ W: Tensor.ones([1]) }, { W: Tensor.ones([1]) });
    b.loadState(a.state());
    assert.deepEqual(b.state(), a.state());
    assertThrows(() => new SGD(0.2).loadState(a.state()), ValueError, /lr 0\.1/);
    assertThrows(() => new SGD(-0.1), ValueError, /learning rate must be a finite number > 0, got -0\.1/);
    assertThrows(() => new SGD(NaN), ValueError, /got NaN/);
    assertThrows(() => a.update({ W: Tensor.ones([2]) }, {}), ValueError, /no gradient for parameter 'W'/);
    assertThrows(() => a.update({ W: Tensor.ones([2]) }, { W: Tensor.ones([3]) }), ShapeError, /gradient of 'W' is float32 \[3\], the parameter float32 \[2\]/);
  });
});
