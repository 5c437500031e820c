import { ShapeError, fmtShape } from '../../errors/index.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkDout } from '../layer.js';
import { Attention } from './attention.js';
import { checkSequence } from './checks.js';

/**
 * TimeAttention: an {@link Attention} for every decoder step. For encoder states hsEnc (N, Tₑ, H) and
 * decoder states hsDec (N, T, H), out[:, t] = Attention(hsEnc, hsDec[:, t]), (N, T, H).
 *
 * Backward: each step returns dhsEnc and dh; the encoder gradients add up over the steps, the dh are
 * the rows of dhsDec.
 *
 * @example
 * ```ts
 * import { Rng, Tensor, TimeAttention } from 'scratchnet';
 * const rng = new Rng(0);
 * const attention = new TimeAttention();
 * const cs = attention.forward(Tensor.randn([2, 6, 4], rng), Tensor.randn([2, 3, 4], rng)); // [2, 3, 4]
 * attention.attentionWeights.length;                                                       // 3, each [2, 6]
 * const { dhsEnc, dhsDec } = attention.backward(Tensor.ones([2, 3, 4]));
 * ```
 */
export class TimeAttention {
  readonly kind = 'TimeAttention';
  /** The weights (N, Tₑ) of each decoder step of the last forward. */
  attentionWeights: Tensor[] = [];
  private layers: Attention[] = [];
  private out: Tensor | null = null;

  /** The contexts (N, T, H) of every decoder state over the encoder states. */
  forward(hsEnc: Tensor, hsDec: Tensor): Tensor {
    checkSequence('TimeAttention.forward', hsEnc, null, null, 'encoder states hsEnc');
    const H = hsEnc.shape[2]!;
    checkSequence('TimeAttention.forward', hsDec, H, hsEnc.dtype, 'decoder states hsDec');
    if (hsDec.shape[0] !== hsEnc.shape[0]) throw new ShapeError(`TimeAttention.forward: hsEnc ${fmtShape(hsEnc.shape)} and hsDec ${fmtShape(hsDec.shape)} must have the same batch size N`);
    const T = hsDec.shape[1]!;
    this.layers = [];
    this.attentionWeights = [];
    const out: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      const layer = new Attention();
      out.push(layer.forward(hsEnc, hsDec.select(1, t)));
      this.layers.push(layer);
      this.attentionWeights.push(layer.attentionWeight!);
    }
    this.out = Tensor.stack(out, 1);
    return this.out;
  }

  /** for each t: (dhs, dh) = Attentionₜ′(dout[:, t]); dhsEnc = Σₜ dhs; dhsDec[:, t] = dh */
  backward(dout: Tensor): { dhsEnc: Tensor; dhsDec: Tensor } {
    checkDout('TimeAttention', dout, this.out);
    let dhsEnc: Tensor | null = null;
    const dhsDec: Tensor[] = [];
    this.layers.forEach((layer, t) => {
      const { dhs, dh } = layer.backward(dout.select(1, t));
      dhsEnc = dhsEnc === null ? dhs : dhsEnc.add(dhs);
      dhsDec.push(dh);
    });
    return { dhsEnc: dhsEnc!, dhsDec: Tensor.stack(dhsDec, 1) };
  }
}
