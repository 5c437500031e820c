import { Tensor } from '../../tensor/tensor.js';
import { checkDout, type ForwardOptions } from '../layer.js';
import { checkRecurrentParams, checkSequence, zerosLike } from './checks.js';
import { lstmBackward, lstmForward, type LstmStep } from './lstm.js';
import { RecurrentState, inputGrads, projectInputs, stackSteps } from './recurrent.js';
import type { RecurrentOptions } from './time-rnn.js';

/**
 * TimeLSTM: the {@link LSTM} step over T time steps, xs (N, T, D) → hs (N, T, H), with
 * Wx (D, 4H), Wh (H, 4H), b (4H) holding the gates f, g, i, o side by side. h₀ and c₀ are zeros, or
 * with `stateful` the last h and c of the previous forward (truncated backpropagation through time).
 *
 * Backward runs the steps in reverse, each step receiving dhsₜ plus the dh its successor sent back,
 * and the successor's dc; the gradient of h₀ is kept in `dh` (a seq2seq decoder passes it back to
 * its encoder).
 *
 * @example
 * ```ts
 * import { Rng, Tensor, TimeLSTM } from 'scratchnet';
 * const rng = new Rng(0);
 * const lstm = new TimeLSTM(Tensor.randn([3, 16], rng), Tensor.randn([4, 16], rng), Tensor.zeros([16]), { stateful: true });
 * const hs = lstm.forward(Tensor.randn([2, 5, 3], rng));   // [2, 5, 4]; the next forward continues from h, c
 * const dxs = lstm.backward(Tensor.ones([2, 5, 4]));
 * lstm.resetState();
 * ```
 */
export class TimeLSTM {
  readonly kind = 'TimeLSTM';
  readonly params: { readonly Wx: Tensor; readonly Wh: Tensor; readonly b: Tensor };
  /** Gradients summed over the time steps of the last backward, overwritten in place. */
  readonly grads: { readonly Wx: Tensor; readonly Wh: Tensor; readonly b: Tensor };
  /** ∂L/∂h₀ from the last backward. */
  dh: Tensor | null = null;
  private readonly state: RecurrentState;
  private cache: { xs: Tensor; hPrevs: Tensor[]; steps: LstmStep[] } | null = null;
  private out: Tensor | null = null;

  constructor(Wx: Tensor, Wh: Tensor, b: Tensor, options: RecurrentOptions = {}) {
    checkRecurrentParams('TimeLSTM', Wx, Wh, b, 4, 'f, g, i, o');
    this.params = { Wx, Wh, b };
    this.grads = zerosLike(this.params);
    this.state = new RecurrentState('TimeLSTM', options.stateful ?? false);
  }

  /** Whether the last h and c carry over to the next forward. */
  get stateful(): boolean {
    return this.state.stateful;
  }

  /** The h the next forward starts from (null: zeros). */
  get h(): Tensor | null {
    return this.state.h;
  }

  /** The c the next forward starts from (null: zeros). */
  get c(): Tensor | null {
    return this.state.c;
  }

  /** hs (N, T, H) for xs (N, T, D). */
  forward(xs: Tensor, _options: ForwardOptions = {}): Tensor {
    const { Wx, Wh, b } = this.params;
    const H = Wh.shape[0]!;
    checkSequence('TimeLSTM.forward', xs, Wx.shape[0]!, Wx.dtype, 'input xs');
    const [N, T] = xs.shape as [number, number];
    const xa = projectInputs(xs, Wx, b);
    let h = this.state.start('h', N, H, Wx.dtype);
    let c = this.state.start('c', N, H, Wx.dtype);
    const hPrevs: Tensor[] = [];
    const steps: LstmStep[] = [];
    const hs: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      hPrevs.push(h);
      const next = lstmForward(xa.select(1, t).add(h.matmul(Wh)), c); // A = x·Wx + b + h_prev·Wh
      ({ h, c } = next);
      steps.push(next.step);
      hs.push(h);
    }
    this.state.h = h;
    this.state.c = c;
    this.cache = { xs, hPrevs, steps };
    this.out = Tensor.stack(hs, 1);
    return this.out;
  }

  /** for t = T−1 … 0: (dAₜ, dc) = lstmBackward(stepₜ, dhsₜ + dh, dc); dh = dAₜ·Whᵀ; then dWx = Σ xₜᵀ·dAₜ, dWh = Σ hₜ₋₁ᵀ·dAₜ, db = Σ dAₜ, dxₜ = dAₜ·Wxᵀ */
  backward(dhs: Tensor): Tensor {
    checkDout('TimeLSTM', dhs, this.out);
    const { xs, hPrevs, steps } = this.cache!;
    const { Wx, Wh } = this.params;
    const T = steps.length;
    let dh = Tensor.zeros(hPrevs[0]!.shape, { dtype: Wx.dtype });
    let dc = dh;
    const dAs: Tensor[] = new Array<Tensor>(T);
    for (let t = T - 1; t >= 0; t--) {
      const { dA, dcPrev } = lstmBackward(steps[t]!, dhs.select(1, t).add(dh), dc);
      dh = dA.matmul(Wh, { transB: true });
      dc = dcPrev;
      dAs[t] = dA;
    }
    this.dh = dh;
    const dA = stackSteps(dAs);
    this.grads.Wh.assign(stackSteps(hPrevs).matmul(dA, { transA: true }));
    return inputGrads(this.grads, xs, dA, Wx);
  }

  /** The book's set_state(h, c): the next forward starts from h (N, H) and c (zeros when not given). Needs `stateful`. */
  setState(h: Tensor, c?: Tensor): void {
    this.state.set(h, c ?? null, this.params.Wh.shape[0]!, this.params.Wx.dtype);
  }

  /** The book's reset_state: the next forward starts from zeros. */
  resetState(): void {
    this.state.reset();
  }
}
