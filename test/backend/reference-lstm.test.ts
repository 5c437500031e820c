import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, Tensor, referenceKernels as ref } from '../../src/index.js';

/** The book's LSTM step written with tensor operations, gate by gate, as an independent account of the fused kernel. */
function bookStep(A: Tensor, cPrev: Tensor, dh: Tensor, dc: Tensor): Tensor[] {
  const H = cPrev.shape[1]!;
  const f = A.slice(1, 0, H).sigmoid(), g = A.slice(1, H, 2 * H).tanh(), i = A.slice(1, 2 * H, 3 * H).sigmoid(), o = A.slice(1, 3 * H, 4 * H).sigmoid();
  const c = f.mul(cPrev).add(g.mul(i));
  const tanhC = c.tanh();
  const ds = dc.add(dh.mul(o).mul(tanhC.square().rsub(1)));
  const dA = Tensor.concat([ds.mul(cPrev).mul(f.mul(f.rsub(1))), ds.mul(i).mul(g.square().rsub(1)), ds.mul(g).mul(i.mul(i.rsub(1))), dh.mul(tanhC).mul(o.mul(o.rsub(1)))], 1);
  return [Tensor.concat([f, g, i, o], 1), c, tanhC, o.mul(tanhC), dA, ds.mul(f)];
}

describe('reference fused LSTM kernels', () => {
  it('give the book’s step gate by gate (float64, to 1e-14)', () => {
    const rng = new Rng(5);
    for (const [n, H] of [[1, 1], [3, 5], [7, 16]] as const) {
      const f64 = { dtype: 'float64' } as const;
      const A = Tensor.randn([n, 4 * H], rng, f64).mul(3), cPrev = Tensor.randn([n, H], rng, f64), dh = Tensor.randn([n, H], rng, f64), dc = Tensor.randn([n, H], rng, f64);
      const want = bookStep(A, cPrev, dh, dc);
      const got = [4 * H, H, H, H, 4 * H, H].map((cols) => new Float64Array(n * cols));
      ref.lstmForward(A.data, cPrev.data, got[0]!, got[1]!, got[2]!, got[3]!, n, H);
      ref.lstmBackward(got[0]!, cPrev.data, got[2]!, dh.data, dc.data, got[4]!, got[5]!, n, H);
      got.forEach((g, k) => g.forEach((v, j) => assert.ok(Math.abs(v - want[k]!.data[j]!) <= 1e-14, `output ${k} entry ${j} (n ${n}, H ${H}): ${v} vs ${want[k]!.data[j]}`)));
    }
  });
});
