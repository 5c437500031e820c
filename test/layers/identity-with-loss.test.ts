import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DTypeError, IdentityWithLoss, NonFiniteError, Rng, ShapeError, Tensor, ValueError, gradientCheck } from '../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../helpers.js';
import { ref } from './fixture.js';

describe('IdentityWithLoss', () => {
  it('matches numpy: L = (1/N) Σ ½‖y − t‖², dx = (y − t)/N', () => {
    const r = ref.identity_with_loss!;
    const layer = new IdentityWithLoss();
    const loss = layer.forward(t64(r.x!), t64(r.t!));
    assert.ok(Math.abs(loss - (r.loss as number)) < 1e-14 * (r.loss as number), `${loss} vs ${r.loss}`);
    assertClose(layer.y!, r.x!, { rtol: 0, atol: 0 });
    assertClose(layer.backward(), r.dx!, { rtol: 1e-14, atol: 1e-16 });
  });

  it('takes a list of N numbers, a Float64Array or a Tensor of shape [N] for one output', () => {
    const r = ref.identity_with_loss_one_output!;
    const x = t64(r.x!);
    for (const t of [r.t as number[], Float64Array.from(r.t as number[]), t64(r.t!), t64(r.t!).reshape(5, 1)]) {
      const layer = new IdentityWithLoss();
      const loss = layer.forward(x, t);
      assert.ok(Math.abs(loss - (r.loss as number)) < 1e-14 * (r.loss as number), `${loss} vs ${r.loss}`);
      assertClose(layer.backward(), r.dx!, { rtol: 1e-14, atol: 1e-16 });
    }
  });

  it('passes a float64 gradient check, and scales dx by dout', () => {
    const rng = new Rng(31);
    const x = Tensor.randn([6, 3], rng, { ...f64, std: 3 });
    const t = Tensor.randn([6, 3], rng, f64);
    const layer = new IdentityWithLoss();
    layer.forward(x, t);
    const dx = layer.backward();
    const result = gradientCheck(() => new IdentityWithLoss().forward(x, t), { x }, { x: dx });
    assert.ok(result.ok, result.report);
    assertClose(layer.backward(-0.5), dx.mul(-0.5), { rtol: 1e-15 });
  });

  it('stays exact for outputs and targets of 1e150 in float64 and 1e15 in float32', () => {
    const layer = new IdentityWithLoss();
    const loss = layer.forward(t64([[1e150], [-1e150]]), [0, 0]);
    assert.ok(Math.abs(loss / 5e299 - 1) < 1e-15, `${loss}`); // ½(1e300 + 1e300)/2, no overflow
    assert.deepEqual(layer.backward().toArray(), [[5e149], [-5e149]]);
    const f32 = new IdentityWithLoss();
    const l32 = f32.forward(Tensor.from([[1e15, 3]]), Tensor.from([[1e15, 1]]));
    assert.equal(l32, 2);
    assert.deepEqual(f32.backward().toArray(), [[0, 2]]);
  });

  it('handles one sample of shape [outputs]', () => {
    const layer = new IdentityWithLoss();
    assert.equal(layer.forward(t64([1, 2]), t64([0, 0])), 2.5);
    assert.deepEqual(layer.backward().toArray(), [1, 2]);
  });

  it('does not change its arguments', () => {
    const r = ref.identity_with_loss!;
    const x = t64(r.x!);
    const t = t64(r.t!);
    const before = [snapshot(x), snapshot(t)];
    const layer = new IdentityWithLoss();
    layer.forward(x, t);
    layer.backward();
    assert.deepEqual([snapshot(x), snapshot(t)], before);
  });

  it('rejects bad targets and outputs with messages that say what and where', () => {
    const x = t64([[1, 2], [3, 4]]);
    const layer = new IdentityWithLoss();
    assertThrows(() => layer.forward(x, t64([[1, 2]])), ShapeError, /IdentityWithLoss: targets must have the shape of the scores \[2, 2\], got \[1, 2\]/);
    assertThrows(() => layer.forward(x, [1, 2]), ShapeError, /a list of numbers is a target for one output column, the scores \[2, 2\] have 2; give a Tensor of shape \[2, 2\]/);
    assertThrows(() => layer.forward(t64([[1], [2]]), [1, 2, 3]), ShapeError, /got 3 targets for 2 samples/);
    assertThrows(() => layer.forward(t64([[1], [2]]), [1, NaN]), ValueError, /target 1 is NaN; targets must be finite numbers/);
    assertThrows(() => layer.forward(t64([[1], [2]]), [1, '2'] as unknown as number[]), ValueError, /target 1 is "2", not a number/);
    assertThrows(() => layer.forward(x, Tensor.from([[1, 2], [3, 4]])), DTypeError, /targets are float32 but scores are float64; use \.astype\('float64'\)/);
    assertThrows(() => layer.forward(t64([[Infinity, 1]]), t64([[0, 0]])), NonFiniteError, /IdentityWithLoss: the outputs contain NaN or Infinity/, /learning rate/);
    assertThrows(() => layer.forward(Tensor.zeros([2, 3, 4], f64), Tensor.zeros([2, 3, 4], f64)), ShapeError, /\[N, outputs\]/);
    assertThrows(() => layer.forward(x, null as unknown as number[]), ValueError, /targets must be a Tensor or a list of numbers, got null/);
    assertThrows(() => new IdentityWithLoss().backward(), ValueError, /call forward first/);
    layer.forward(x, t64([[1, 2], [3, 4]]));
    assertThrows(() => layer.backward(NaN), ValueError, /dout must be a finite number, got NaN/);
  });
});
