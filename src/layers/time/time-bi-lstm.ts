import { ShapeError, fmtShape } from '../../errors/index.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkDout, type ForwardOptions } from '../layer.js';
import type { RecurrentOptions } from './time-rnn.js';
import { TimeLSTM } from './time-lstm.js';

/**
 * TimeBiLSTM: two TimeLSTMs reading the sequence in opposite directions, their hidden states side by
 * side: hs[:, t] = [h→ₜ, h←ₜ], xs (N, T, D) → (N, T, 2H). The second LSTM runs on xs reversed in time
 * and its outputs are reversed back, so both halves of hs[:, t] belong to step t.
 *
 * Backward: the first H columns of dhs go to the forward LSTM; the last H, reversed in time, to the
 * backward one, whose dxs is reversed back; dxs is the sum of the two. Parameters as the book names
 * them: Wx1, Wh1, b1 (forward) and Wx2, Wh2, b2 (backward).
 *
 * @example
 * ```ts
 * import { Rng, Tensor, TimeBiLSTM } from 'scratchnet';
 * const rng = new Rng(0);
 * const p = () => [Tensor.randn([3, 8], rng), Tensor.randn([2, 8], rng), Tensor.zeros([8])] as const;
 * const bi = new TimeBiLSTM(...p(), ...p());            // D 3, H 2
 * const hs = bi.forward(Tensor.randn([1, 4, 3], rng));  // [1, 4, 4]
 * bi.backward(Tensor.ones([1, 4, 4]));
 * ```
 */
export class TimeBiLSTM {
  readonly kind = 'TimeBiLSTM';
  readonly params: { readonly Wx1: Tensor; readonly Wh1: Tensor; readonly b1: Tensor; readonly Wx2: Tensor; readonly Wh2: Tensor; readonly b2: Tensor };
  /** The two LSTMs' gradients of the last backward, under the same names as the parameters. */
  readonly grads: { readonly Wx1: Tensor; readonly Wh1: Tensor; readonly b1: Tensor; readonly Wx2: Tensor; readonly Wh2: Tensor; readonly b2: Tensor };
  readonly forwardLstm: TimeLSTM;
  readonly backwardLstm: TimeLSTM;
  private out: Tensor | null = null;

  constructor(Wx1: Tensor, Wh1: Tensor, b1: Tensor, Wx2: Tensor, Wh2: Tensor, b2: Tensor, options: RecurrentOptions = {}) {
    this.forwardLstm = new TimeLSTM(Wx1, Wh1, b1, options);
    this.backwardLstm = new TimeLSTM(Wx2, Wh2, b2, options);
    if (Wx1.shape[0] !== Wx2.shape[0] || Wh1.shape[0] !== Wh2.shape[0]) {
      throw new ShapeError(`TimeBiLSTM: both directions need the same D and H; Wx1 ${fmtShape(Wx1.shape)}, Wh1 ${fmtShape(Wh1.shape)} vs Wx2 ${fmtShape(Wx2.shape)}, Wh2 ${fmtShape(Wh2.shape)}`);
    }
    const [f, b] = [this.forwardLstm.grads, this.backwardLstm.grads];
    this.params = { Wx1, Wh1, b1, Wx2, Wh2, b2 };
    this.grads = { Wx1: f.Wx, Wh1: f.Wh, b1: f.b, Wx2: b.Wx, Wh2: b.Wh, b2: b.b };
  }

  /** [forward LSTM(xs), flip(backward LSTM(flip(xs)))] along the last axis. */
  forward(xs: Tensor, options: ForwardOptions = {}): Tensor {
    const o1 = this.forwardLstm.forward(xs, options);
    const o2 = this.backwardLstm.forward(xs.flip(1), options).flip(1);
    this.out = Tensor.concat([o1, o2], 2);
    return this.out;
  }

  /** dxs = forward.backward(dhs[:, :, :H]) + flip(backward.backward(flip(dhs[:, :, H:]))) */
  backward(dhs: Tensor): Tensor {
    checkDout('TimeBiLSTM', dhs, this.out);
    const H = this.params.Wh1.shape[0]!;
    const dxs1 = this.forwardLstm.backward(dhs.slice(2, 0, H));
    const dxs2 = this.backwardLstm.backward(dhs.slice(2, H, 2 * H).flip(1)).flip(1);
    return dxs1.add(dxs2);
  }

  /** Both LSTMs start the next forward from zeros. */
  resetState(): void {
    this.forwardLstm.resetState();
    this.backwardLstm.resetState();
  }
}
