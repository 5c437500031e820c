import { ValueError } from '../../errors/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { AttentionWeight } from './attention-weight.js';
import { WeightSum } from './weight-sum.js';

/**
 * Attention: an AttentionWeight then a WeightSum. For encoder states hs (N, T, H) and one decoder state
 * h (N, H): a = softmax over t of hsₜ · h, and the context c = Σₜ aₜ·hsₜ (N, H).
 *
 * Backward: hs feeds both parts, so its gradient is the sum of WeightSum's and AttentionWeight's:
 * (dhs₀, da) = WeightSum backward of dc; (dhs₁, dh) = AttentionWeight backward of da; dhs = dhs₀ + dhs₁.
 *
 * @example
 * ```ts
 * import { Attention, Rng, Tensor } from 'scratchnet';
 * const rng = new Rng(0);
 * const attention = new Attention();
 * const c = attention.forward(Tensor.randn([2, 5, 3], rng), Tensor.randn([2, 3], rng)); // [2, 3]
 * attention.attentionWeight;                                                            // a, [2, 5]
 * const { dhs, dh } = attention.backward(Tensor.ones([2, 3]));
 * ```
 */
export class Attention {
  readonly kind = 'Attention';
  /** The weights a (N, T) of the last forward, for plotting what the decoder looked at. */
  attentionWeight: Tensor | null = null;
  private readonly weightLayer = new AttentionWeight();
  private readonly sumLayer = new WeightSum();

  /** The context c (N, H) of h over hs. */
  forward(hs: Tensor, h: Tensor): Tensor {
    const a = this.weightLayer.forward(hs, h);
    this.attentionWeight = a;
    return this.sumLayer.forward(hs, a);
  }

  /** (dhs₀, da) = WeightSum′(dc); (dhs₁, dh) = AttentionWeight′(da); dhs = dhs₀ + dhs₁ */
  backward(dc: Tensor): { dhs: Tensor; dh: Tensor } {
    if (this.attentionWeight === null) throw new ValueError('Attention.backward: call forward first (backward uses what forward cached)');
    const { dhs: dhs0, da } = this.sumLayer.backward(dc);
    const { dhs: dhs1, dh } = this.weightLayer.backward(da);
    return { dhs: dhs0.add(dhs1), dh };
  }
}
