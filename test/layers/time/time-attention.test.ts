import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, ShapeError, Tensor, TimeAttention, ValueError, gradientCheck } from '../../../src/index.js';
import { assertClose, assertThrows, f64, snapshot, t64 } from '../../helpers.js';
import { ref } from './fixture.js';

const TOL = { rtol: 1e-12, atol: 1e-14 };

describe('TimeAttention', () => {
  it("matches numpy's loop of Attention layers: contexts, weights, the encoder gradient summed over steps, the decoder's per step", () => {
    const r = ref.time_attention!;
    const layer = new TimeAttention();
    assertClose(layer.forward(t64(r.hs_enc!), t64(r.hs_dec!)), r.out!, TOL);
    assertClose(Tensor.stack(layer.attentionWeights, 1), r.weights!, TOL);
    const { dhsEnc, dhsDec } = layer.backward(t64(r.dout!));
    assertClose(dhsEnc, r.dhs_enc!, TOL);
    assertClose(dhsDec, r.dhs_dec!, TOL);
  });

  it('passes a float64 gradient check for both inputs', () => {
    const rng = new Rng(34);
    const [enc, dec, r] = [Tensor.randn([2, 4, 3], rng, f64), Tensor.randn([2, 3, 3], rng, f64), Tensor.randn([2, 3, 3], rng, f64)];
    const layer = new TimeAttention();
    layer.forward(enc, dec);
    const { dhsEnc, dhsDec } = layer.backward(r);
    const check = gradientCheck(() => new TimeAttention().forward(enc, dec).mul(r).sum().item(), { enc, dec }, { enc: dhsEnc, dec: dhsDec });
    assert.ok(check.ok, check.report);
  });

  it('does not change its arguments', () => {
    const rng = new Rng(35);
    const args = [Tensor.randn([2, 3, 2], rng, f64), Tensor.randn([2, 2, 2], rng, f64), Tensor.randn([2, 2, 2], rng, f64)];
    const before = args.map(snapshot);
    const layer = new TimeAttention();
    layer.forward(args[0]!, args[1]!);
    layer.backward(args[2]!);
    assert.deepEqual(args.map(snapshot), before);
  });

  it('explains states of different widths or batches and backward before forward', () => {
    const layer = new TimeAttention();
    assertThrows(() => layer.forward(Tensor.zeros([2, 3, 4]), Tensor.zeros([2, 3, 5])), ShapeError, /expected the decoder states hsDec of shape \[N, T, 4\], got \[2, 3, 5\]/);
    assertThrows(() => layer.forward(Tensor.zeros([2, 3, 4]), Tensor.zeros([3, 3, 4])), ShapeError, /must have the same batch size N/);
    assertThrows(() => layer.backward(Tensor.zeros([2, 3, 4])), ValueError, /TimeAttention\.backward: call forward first/);
  });
});
