import { Tensor } from '../../tensor/tensor.js';
import { checkDout, type ForwardOptions } from '../layer.js';
import { checkRecurrentParams, checkSequence, zerosLike } from './checks.js';
import { gruBackward, gruForward, splitWh, type GruStep } from './gru.js';
import { RecurrentState, inputGrads, projectInputs, stackSteps } from './recurrent.js';
import type { RecurrentOptions } from './time-rnn.js';

/**
 * TimeGRU: the {@link GRU} step over T time steps, xs (N, T, D) → hs (N, T, H), with Wx (D, 3H),
 * Wh (H, 3H), b (3H) in the column order z, r, h̃. h₀ is zeros, or with `stateful` the last h of the
 * previous forward. Backward runs the steps in reverse and sums the parameter gradients; `dh` keeps
 * the gradient of h₀.
 *
 * @example
 * ```ts
 * import { Rng, Tensor, TimeGRU } from 'scratchnet';
 * const rng = new Rng(0);
 * const gru = new TimeGRU(Tensor.randn([3, 12], rng), Tensor.randn([4, 12], rng), Tensor.zeros([12]));
 * const hs = gru.forward(Tensor.randn([2, 5, 3], rng));   // [2, 5, 4]
 * const dxs = gru.backward(Tensor.ones([2, 5, 4]));
 * ```
 */
export class TimeGRU {
  readonly kind = 'TimeGRU';
  readonly params: { readonly Wx: Tensor; readonly Wh: Tensor; readonly b: Tensor };
  /** Gradients summed over the time steps of the last backward, overwritten in place. */
  readonly grads: { readonly Wx: Tensor; readonly Wh: Tensor; readonly b: Tensor };
  /** ∂L/∂h₀ from the last backward. */
  dh: Tensor | null = null;
  private readonly state: RecurrentState;
  private cache: { xs: Tensor; steps: GruStep[]; wh: { zr: Tensor; hh: Tensor } } | null = null;
  private out: Tensor | null = null;

  constructor(Wx: Tensor, Wh: Tensor, b: Tensor, options: RecurrentOptions = {}) {
    checkRecurrentParams('TimeGRU', Wx, Wh, b, 3, 'z, r, h̃');
    this.params = { Wx, Wh, b };
    this.grads = zerosLike(this.params);
    this.state = new RecurrentState('TimeGRU', options.stateful ?? false);
  }

  /** Whether the last h carries over to the next forward. */
  get stateful(): boolean {
    return this.state.stateful;
  }

  /** The h the next forward starts from (null: zeros). */
  get h(): Tensor | null {
    return this.state.h;
  }

  /** hs (N, T, H) for xs (N, T, D). */
  forward(xs: Tensor, _options: ForwardOptions = {}): Tensor {
    const { Wx, Wh, b } = this.params;
    const H = Wh.shape[0]!;
    checkSequence('TimeGRU.forward', xs, Wx.shape[0]!, Wx.dtype, 'input xs');
    const [N, T] = xs.shape as [number, number];
    const xa = projectInputs(xs, Wx, b);
    const wh = splitWh(Wh);
    let h = this.state.start('h', N, H, Wx.dtype);
    const steps: GruStep[] = [];
    const hs: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      const next = gruForward(xa.select(1, t), h, wh);
      h = next.h;
      steps.push(next.step);
      hs.push(h);
    }
    this.state.h = h;
    this.cache = { xs, steps, wh };
    this.out = Tensor.stack(hs, 1);
    return this.out;
  }

  /** for t = T−1 … 0: (dAₜ, dh) = gruBackward(stepₜ, dhsₜ + dh); then dWx = Σ xₜᵀ·dAₜ, db = Σ dAₜ, dWh = [Σ hₜ₋₁ᵀ·dA_zrₜ, Σ (rₜ⊙hₜ₋₁)ᵀ·dA_hₜ], dxₜ = dAₜ·Wxᵀ */
  backward(dhs: Tensor): Tensor {
    checkDout('TimeGRU', dhs, this.out);
    const { xs, steps, wh } = this.cache!;
    const { Wx } = this.params;
    const T = steps.length;
    const H = wh.hh.shape[0]!;
    let dh = Tensor.zeros(steps[0]!.hPrev.shape, { dtype: Wx.dtype });
    const dAs: Tensor[] = new Array<Tensor>(T);
    for (let t = T - 1; t >= 0; t--) {
      const back = gruBackward(steps[t]!, dhs.select(1, t).add(dh), wh);
      dh = back.dhPrev;
      dAs[t] = back.dA;
    }
    this.dh = dh;
    const dA = stackSteps(dAs);
    const hPrev = stackSteps(steps.map((s) => s.hPrev));
    const rh = stackSteps(steps.map((s) => s.rh));
    this.grads.Wh.assign(Tensor.concat([hPrev.matmul(dA.slice(1, 0, 2 * H), { transA: true }), rh.matmul(dA.slice(1, 2 * H, 3 * H), { transA: true })], 1));
    return inputGrads(this.grads, xs, dA, Wx);
  }

  /** The book's set_state: the next forward starts from h (N, H). Needs `stateful`. */
  setState(h: Tensor): void {
    this.state.set(h, null, this.params.Wh.shape[0]!, this.params.Wx.dtype);
  }

  /** The book's reset_state: the next forward starts from zeros. */
  resetState(): void {
    this.state.reset();
  }
}
