import { Tensor } from '../../tensor/tensor.js';
import { checkDout, type ForwardOptions } from '../layer.js';
import { checkIds } from './checks.js';
import { checkEmbeddingW, gatherRows, scatterAddRows } from './embedding.js';

/**
 * TimeEmbedding: an Embedding at every time step, ids (N, T) → vectors (N, T, D), out[n, t] = W[xs[n, t]].
 * The book runs T Embedding layers and sums their dW; gathering all N·T rows at once gives the same
 * numbers, and the backward's one scatter-add, dW[xs[n, t]] += dout[n, t], the same sum.
 *
 * @example
 * ```ts
 * import { Rng, Tensor, TimeEmbedding } from 'scratchnet';
 * const embed = new TimeEmbedding(Tensor.randn([10, 4], new Rng(0)));        // V = 10 words, D = 4
 * const xs = embed.forward(Tensor.from([[1, 2, 3], [4, 5, 1]], { dtype: 'int32' })); // [2, 3, 4]
 * embed.backward(Tensor.ones([2, 3, 4]));                                     // grads.W row 1 is 2s
 * ```
 */
export class TimeEmbedding {
  readonly kind = 'TimeEmbedding';
  readonly params: { readonly W: Tensor };
  /** ∂L/∂W of the last backward, overwritten in place. */
  readonly grads: { readonly W: Tensor };
  private xs: Tensor<'int32'> | null = null;
  private out: Tensor | null = null;

  constructor(W: Tensor) {
    checkEmbeddingW('TimeEmbedding', W);
    this.params = { W };
    this.grads = { W: Tensor.zeros(W.shape, { dtype: W.dtype }) };
  }

  /** W[xs] for ids of shape (N, T). */
  forward(xs: Tensor<'int32'>, _options: ForwardOptions = {}): Tensor {
    this.xs = checkIds('TimeEmbedding.forward', xs, this.params.W.shape[0]!, 2);
    this.out = gatherRows(this.params.W, this.xs);
    return this.out;
  }

  /** dW = 0; dW[xs[n, t]] += dout[n, t] for every n, t; no dx */
  backward(dout: Tensor): void {
    checkDout('TimeEmbedding', dout, this.out);
    scatterAddRows(this.grads.W, this.xs!, dout);
  }
}
