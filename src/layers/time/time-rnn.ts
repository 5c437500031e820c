import { Tensor } from '../../tensor/tensor.js';
import { checkDout, type ForwardOptions } from '../layer.js';
import { checkRecurrentParams, checkSequence, zerosLike } from './checks.js';
import { RecurrentState, inputGrads, projectInputs, stackSteps } from './recurrent.js';
import { rnnBackward } from './rnn.js';

/** Options of the time layers with a recurrent state. */
export interface RecurrentOptions {
  /** Keep the last h (and c) for the next forward, as for truncated BPTT over a long corpus (default false: start each forward from zeros). */
  readonly stateful?: boolean;
}

/**
 * TimeRNN: the {@link RNN} step over T time steps, xs (N, T, D) → hs (N, T, H), with
 * hₜ = tanh(hₜ₋₁·Wh + xₜ·Wx + b). h₀ is zeros, or with `stateful` the last h of the previous forward
 * (truncated backpropagation through time: the state carries over, the gradient does not).
 *
 * Backward runs the steps in reverse: the gradient reaching hₜ is dhsₜ plus what step t + 1 sent
 * back, dtₜ = (dhsₜ + dhₜ) ⊙ (1 − hₜ²), dhₜ₋₁ = dtₜ·Whᵀ; the parameter gradients are summed over
 * the steps. `dh` keeps the gradient of h₀ (for an encoder feeding this layer's start state).
 *
 * @example
 * ```ts
 * import { Rng, Tensor, TimeRNN } from 'scratchnet';
 * const rng = new Rng(0);
 * const rnn = new TimeRNN(Tensor.randn([3, 4], rng), Tensor.randn([4, 4], rng), Tensor.zeros([4]));
 * const hs = rnn.forward(Tensor.randn([2, 5, 3], rng));   // [2, 5, 4]
 * const dxs = rnn.backward(Tensor.ones([2, 5, 4]));        // [2, 5, 3]; grads.Wx, grads.Wh, grads.b
 * ```
 */
export class TimeRNN {
  readonly kind = 'TimeRNN';
  readonly params: { readonly Wx: Tensor; readonly Wh: Tensor; readonly b: Tensor };
  /** Gradients summed over the time steps of the last backward, overwritten in place. */
  readonly grads: { readonly Wx: Tensor; readonly Wh: Tensor; readonly b: Tensor };
  /** ∂L/∂h₀ from the last backward. */
  dh: Tensor | null = null;
  private readonly state: RecurrentState;
  private cache: { xs: Tensor; hPrevs: Tensor[]; hs: Tensor[] } | null = null;
  private out: Tensor | null = null;

  constructor(Wx: Tensor, Wh: Tensor, b: Tensor, options: RecurrentOptions = {}) {
    checkRecurrentParams('TimeRNN', Wx, Wh, b, 1, '');
    this.params = { Wx, Wh, b };
    this.grads = zerosLike(this.params);
    this.state = new RecurrentState('TimeRNN', options.stateful ?? false);
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
    checkSequence('TimeRNN.forward', xs, Wx.shape[0]!, Wx.dtype, 'input xs');
    const [N, T] = xs.shape as [number, number];
    const xa = projectInputs(xs, Wx, b);
    let h = this.state.start('h', N, H, Wx.dtype);
    const hPrevs: Tensor[] = [];
    const hs: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      hPrevs.push(h);
      h = xa.select(1, t).add(h.matmul(Wh)).tanh(); // tanh(x·Wx + b + h_prev·Wh)
      hs.push(h);
    }
    this.state.h = h;
    this.cache = { xs, hPrevs, hs };
    this.out = Tensor.stack(hs, 1);
    return this.out;
  }

  /** for t = T−1 … 0: dtₜ = (dhsₜ + dh) ⊙ (1 − hₜ²); dh = dtₜ·Whᵀ; then dWx = Σ xₜᵀ·dtₜ, dWh = Σ hₜ₋₁ᵀ·dtₜ, db = Σ dtₜ, dxₜ = dtₜ·Wxᵀ */
  backward(dhs: Tensor): Tensor {
    checkDout('TimeRNN', dhs, this.out);
    const { xs, hPrevs, hs } = this.cache!;
    const { Wx, Wh } = this.params;
    const T = hs.length;
    let dh = Tensor.zeros(hPrevs[0]!.shape, { dtype: Wx.dtype });
    const dts: Tensor[] = new Array<Tensor>(T);
    for (let t = T - 1; t >= 0; t--) {
      const dt = rnnBackward(hs[t]!, dhs.select(1, t).add(dh));
      dh = dt.matmul(Wh, { transB: true });
      dts[t] = dt;
    }
    this.dh = dh;
    const dA = stackSteps(dts);
    this.grads.Wh.assign(stackSteps(hPrevs).matmul(dA, { transA: true }));
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
