import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ShapeError, Tensor, ValueError, meanAbsoluteError, meanSquaredError, r2Score } from '../../src/index.js';
import { assertThrows, snapshot, t64 } from '../helpers.js';
import { ref } from './fixture.js';

describe('regression metrics', () => {
  it('MSE, MAE and R² (averaged over outputs) match numpy', () => {
    const r = ref.regression;
    const [y, t] = [t64(r.y), t64(r.t)];
    assert.ok(Math.abs(meanSquaredError(y, t) - r.mse) < 1e-15, `${meanSquaredError(y, t)} vs ${r.mse}`);
    assert.ok(Math.abs(meanAbsoluteError(y, t) - r.mae) < 1e-15);
    assert.ok(Math.abs(r2Score(y, t) - r.r2) < 1e-14);
  });

  it('R² of an output with constant targets is 0 unless predicted exactly (then 1)', () => {
    const r = ref.regression_flat;
    assert.ok(Math.abs(r2Score(t64(r.y), t64(r.t)) - r.r2) < 1e-14);
    assert.equal(r2Score(t64([[2], [2]]), t64([[2], [2]])), 1);
    assert.equal(r2Score(t64([[1], [2], [3]]), t64([[1], [2], [3]])), 1);
    assert.equal(r2Score(t64([[2], [2], [2]]), t64([[1], [2], [3]])), 0, 'predicting the mean scores 0');
  });

  it('does not change its arguments', () => {
    const [y, t] = [t64(ref.regression.y), t64(ref.regression.t)];
    const before = [snapshot(y), snapshot(t)];
    meanSquaredError(y, t);
    meanAbsoluteError(y, t);
    r2Score(y, t);
    assert.deepEqual([snapshot(y), snapshot(t)], before);
  });

  it('refuses shapes that differ and empty data', () => {
    assertThrows(() => meanSquaredError(t64([[1, 2]]), t64([[1], [2]])), ShapeError, /meanSquaredError: expected predictions and targets of one shape \[N, outputs\], got \[1, 2\] and \[2, 1\]/);
    assertThrows(() => r2Score(t64([1, 2]), t64([1, 2])), ShapeError, /r2Score/);
    assertThrows(() => meanAbsoluteError(Tensor.zeros([0, 1]), Tensor.zeros([0, 1])), ValueError, /meanAbsoluteError: no samples/);
  });
});
