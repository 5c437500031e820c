import { ValueError } from '../../errors/index.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkRecurrentParams, zerosLike } from './checks.js';
import { checkStepInputs } from './rnn.js';

/** What one GRU step keeps for its backward. */
export interface GruStep {
  readonly hPrev: Tensor;
  readonly z: Tensor;
  readonly r: Tensor;
  readonly hHat: Tensor;
  /** r ⊙ h_prev, the input of the candidate's product with Wh_h. */
  readonly rh: Tensor;
}

/** Wh split by use: the z and r columns (H, 2H), multiplied by h_prev, and the h̃ columns (H, H), by r ⊙ h_prev. */
export function splitWh(Wh: Tensor): { zr: Tensor; hh: Tensor } {
  const H = Wh.shape[0]!;
  return { zr: Wh.slice(1, 0, 2 * H), hh: Wh.slice(1, 2 * H, 3 * H) };
}

/** From xa = x·Wx + b (N, 3H: z, r, h̃ columns) and h_prev: the gates, the candidate and h. */
export function gruForward(xa: Tensor, hPrev: Tensor, wh: { zr: Tensor; hh: Tensor }): { h: Tensor; step: GruStep } {
  const H = hPrev.shape[1]!;
  const zr = xa.slice(1, 0, 2 * H).add(hPrev.matmul(wh.zr)).sigmoid();
  const z = zr.slice(1, 0, H);
  const r = zr.slice(1, H, 2 * H);
  const rh = r.mul(hPrev);
  const hHat = xa.slice(1, 2 * H, 3 * H).add(rh.matmul(wh.hh)).tanh();
  const h = z.rsub(1).mul(hPrev).add(z.mul(hHat));
  return { h, step: { hPrev, z, r, hHat, rh } };
}

/**
 * The backward of {@link gruForward}, as the book's appendix: dA (N, 3H), the gradients at the z, r and
 * h̃ pre-activations side by side, and dh_prev.
 * dh̃ = dh ⊙ z → dA_h = dh̃ ⊙ (1 − h̃²); dhr = dA_h·Wh_hᵀ;
 * dz = dh ⊙ (h̃ − h_prev) → dA_z = dz ⊙ z(1 − z); dr = dhr ⊙ h_prev → dA_r = dr ⊙ r(1 − r);
 * dh_prev = dh ⊙ (1 − z) + r ⊙ dhr + dA_z·Wh_zᵀ + dA_r·Wh_rᵀ.
 */
export function gruBackward(s: GruStep, dh: Tensor, wh: { zr: Tensor; hh: Tensor }): { dA: Tensor; dhPrev: Tensor } {
  const dAh = dh.mul(s.z).mul(s.hHat.square().rsub(1));
  const dhr = dAh.matmul(wh.hh, { transB: true });
  const dAz = dh.mul(s.hHat.sub(s.hPrev)).mul(s.z.mul(s.z.rsub(1)));
  const dAr = dhr.mul(s.hPrev).mul(s.r.mul(s.r.rsub(1)));
  const dAzr = Tensor.concat([dAz, dAr], 1);
  const dhPrev = dh.mul(s.z.rsub(1)).add(s.r.mul(dhr)).add(dAzr.matmul(wh.zr, { transB: true }));
  return { dA: Tensor.concat([dAzr, dAh], 1), dhPrev };
}

/**
 * GRU: one step of a gated recurrent unit, as in the book's appendix, with Wx (D, 3H), Wh (H, 3H),
 * b (3H) holding the columns of z, r and h̃ in that order:
 *
 *     z = σ(x·Wx_z + h_prev·Wh_z + b_z)        update gate
 *     r = σ(x·Wx_r + h_prev·Wh_r + b_r)        reset gate
 *     h̃ = tanh(x·Wx_h + (r ⊙ h_prev)·Wh_h + b_h)
 *     h = (1 − z) ⊙ h_prev + z ⊙ h̃
 *
 * Backward: see {@link gruBackward}; dWx = xᵀ·dA, db = Σₙ dA, dWh = [h_prevᵀ·dA_zr, (r ⊙ h_prev)ᵀ·dA_h],
 * dx = dA·Wxᵀ.
 *
 * @example
 * ```ts
 * import { GRU, Rng, Tensor } from 'scratchnet';
 * const rng = new Rng(0);
 * const cell = new GRU(Tensor.randn([3, 6], rng), Tensor.randn([2, 6], rng), Tensor.zeros([6])); // D 3, H 2
 * const h = cell.forward(Tensor.randn([1, 3], rng), Tensor.zeros([1, 2]));
 * const { dx, dhPrev } = cell.backward(Tensor.ones([1, 2]));
 * ```
 */
export class GRU {
  readonly kind = 'GRU';
  readonly params: { readonly Wx: Tensor; readonly Wh: Tensor; readonly b: Tensor };
  /** ∂L/∂Wx, ∂L/∂Wh, ∂L/∂b of the last backward, overwritten in place. */
  readonly grads: { readonly Wx: Tensor; readonly Wh: Tensor; readonly b: Tensor };
  private cache: { x: Tensor; step: GruStep; wh: { zr: Tensor; hh: Tensor } } | null = null;

  constructor(Wx: Tensor, Wh: Tensor, b: Tensor) {
    checkRecurrentParams('GRU', Wx, Wh, b, 3, 'z, r, h̃');
    this.params = { Wx, Wh, b };
    this.grads = zerosLike(this.params);
  }

  /** h_next from x (N, D) and h_prev (N, H). */
  forward(x: Tensor, hPrev: Tensor): Tensor {
    const { Wx, Wh, b } = this.params;
    checkStepInputs('GRU.forward', x, hPrev, Wx, Wh.shape[0]!);
    const wh = splitWh(Wh);
    const { h, step } = gruForward(x.matmul(Wx, { bias: b }), hPrev, wh);
    this.cache = { x, step, wh };
    return h;
  }

  /** dA = [dA_z, dA_r, dA_h] (gruBackward); dWx = xᵀ·dA; db = Σ dA; dWh = [h_prevᵀ·dA_zr, (r⊙h_prev)ᵀ·dA_h]; dx = dA·Wxᵀ */
  backward(dhNext: Tensor): { dx: Tensor; dhPrev: Tensor } {
    if (this.cache === null) throw new ValueError('GRU.backward: call forward first (backward uses what forward cached)');
    const { x, step, wh } = this.cache;
    const H = step.hPrev.shape[1]!;
    const { dA, dhPrev } = gruBackward(step, dhNext, wh);
    this.grads.Wx.assign(x.matmul(dA, { transA: true }));
    this.grads.b.assign(dA.sum(0));
    this.grads.Wh.assign(Tensor.concat([step.hPrev.matmul(dA.slice(1, 0, 2 * H), { transA: true }), step.rh.matmul(dA.slice(1, 2 * H, 3 * H), { transA: true })], 1));
    return { dx: dA.matmul(this.params.Wx, { transB: true }), dhPrev };
  }
}
