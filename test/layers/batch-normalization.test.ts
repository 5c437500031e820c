import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchNormalization, Rng, ShapeError, Tensor, gradientCheckLayer } from '../../src/index.js';
import { assertClose, assertThrows, f64, t64 } from '../helpers.js';
import { ref } from './fixture.js';

const tight = { rtol: 1e-11, atol: 1e-12 };

describe('BatchNormalization', () => {
  it('matches numpy in train mode on (N, D): output, gradients and running averages', () => {
    const r = ref.bn2d!;
    const bn = new BatchNormalization(t64(r.gamma!), t64(r.beta!));
    assertClose(bn.forward(t64(r.x!), { train: true }), r.y!, tight);
    assertClose(bn.backward(t64(r.dout!)), r.dx!, tight);
    assertClose(bn.grads.gamma, r.dgamma!, tight);
    assertClose(bn.grads.beta, r.dbeta!, tight);
    assertClose(bn.runningMean, r.running_mean!, tight);
    assertClose(bn.runningVar, r.running_var!, tight);
  });

  it('normalizes per channel on (N, C, H, W), matching numpy', () => {
    const r = ref.bn4d!;
    const bn = new BatchNormalization(t64(r.gamma!), t64(r.beta!));
    assertClose(bn.forward(t64(r.x!), { train: true }), r.y!, tight);
    assertClose(bn.backward(t64(r.dout!)), r.dx!, tight);
    assertClose(bn.grads.gamma, r.dgamma!, tight);
  });

  it('passes float64 gradient checks in train mode for 2-D and 4-D input, and in eval mode', () => {
    const rng = new Rng(8);
    for (const shape of [[5, 3], [2, 3, 3, 2]]) {
      const bn = new BatchNormalization(Tensor.randn([3], rng, f64), Tensor.randn([3], rng, f64));
      const result = gradientCheckLayer(bn, Tensor.randn(shape, rng, { ...f64, std: 2 }), { rng, train: true });
      assert.ok(result.ok, `${shape}: ${result.report}`);
    }
    const bn = new BatchNormalization(Tensor.randn([3], rng, f64), Tensor.randn([3], rng, f64));
    bn.forward(Tensor.randn([8, 3], rng, f64), { train: true }); // some running statistics
    const result = gradientCheckLayer(bn, Tensor.randn([4, 3], rng, f64), { rng, train: false });
    assert.ok(result.ok, result.report);
  });

  it('uses the running averages in eval mode and checks shapes', () => {
    const bn = new BatchNormalization(Tensor.ones([2], f64), Tensor.zeros([2], f64), 0);
    bn.forward(t64([[0, 10], [2, 30]]), { train: true }); // momentum 0: running = this batch (mean [1, 20], var [1, 100])
    assertClose(bn.forward(t64([[1, 20], [3, 40]])), [[0, 0], [2 / Math.sqrt(1 + 1e-6), 20 / Math.sqrt(100 + 1e-6)]], tight);
    assertThrows(() => bn.forward(Tensor.zeros([2, 3], f64)), ShapeError, /expected \(N, 2\) or \(N, 2, H, W\) input, got \[2, 3\]/);
    assertThrows(() => new BatchNormalization(Tensor.ones([2]), Tensor.ones([3])), ShapeError, /one length/);
  });

  it('keeps the same gradient tensors across backward calls, so a reference kept by the user stays current', () => {
    const r = ref.bn2d!;
    const bn = new BatchNormalization(t64(r.gamma!), t64(r.beta!));
    const { gamma: dgamma, beta: dbeta } = bn.grads;
    for (const scale of [5, 1]) {
      bn.forward(t64(r.x!), { train: true });
      bn.backward(t64(r.dout!).mul(scale));
    }
    assert.equal(bn.grads.gamma, dgamma);
    assert.equal(bn.grads.beta, dbeta);
    assertClose(dgamma, r.dgamma!, tight);
    assertClose(dbeta, r.dbeta!, tight);
  });
});
