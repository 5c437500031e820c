import { DTypeError, ShapeError, ValueError, fmtShape } from '../../errors/index.js';
import { Tensor } from '../../tensor/tensor.js';
import { checkDout, type ForwardOptions } from '../layer.js';
import { checkIds } from './checks.js';

/** W's rows at `ids`, in the ids' order: shape [...ids.shape, D]. */
export function gatherRows(W: Tensor, ids: Tensor<'int32'>): Tensor {
  const D = W.shape[1]!;
  const out = Tensor.zeros([...ids.shape, D], { dtype: W.dtype });
  for (let i = 0; i < ids.size; i++) out.data.set(W.data.subarray(ids.data[i]! * D, (ids.data[i]! + 1) * D), i * D);
  return out;
}

/** dW = 0, then dW[ids[i]] += dout[i] for every i: numpy's `np.add.at(dW, ids, dout)`, so repeated ids accumulate. */
export function scatterAddRows(dW: Tensor, ids: Tensor<'int32'>, dout: Tensor): void {
  const D = dW.shape[1]!;
  const g = dW.data;
  const d = dout.data;
  g.fill(0);
  for (let i = 0; i < ids.size; i++) {
    const row = ids.data[i]! * D;
    for (let k = 0; k < D; k++) g[row + k]! += d[i * D + k]!;
  }
}

/** Throws unless W is a float (V, D) matrix; returns V. */
export function checkEmbeddingW(where: string, W: Tensor): number {
  if (!(W instanceof Tensor)) throw new ValueError(`${where}: W must be a Tensor of shape [V, D], got ${W === null ? 'null' : typeof W}`);
  if ((W.dtype as string) === 'int32') throw new DTypeError(`${where}: W must be float32 or float64, got int32`);
  if (W.ndim !== 2) throw new ShapeError(`${where}: W must be 2-D (vocabulary, vector size), got ${fmtShape(W.shape)}`);
  return W.shape[0]!;
}

/**
 * Embedding: the row of W (V, D) for each word id, out = W[idx], for ids (N) → (N, D). It is the
 * Affine layer of a one-hot input (one-hot(idx)·W) without building the one-hot rows.
 *
 * Backward scatter-adds dout into the rows that were read, dW[idx[n]] += dout[n], so an id that
 * appears twice in a batch receives both gradients; there is no dx (ids are not differentiable),
 * so `backward` returns nothing.
 *
 * @example
 * ```ts
 * import { Embedding, Tensor } from 'scratchnet';
 * const embed = new Embedding(Tensor.from([[0, 0], [1, 2], [3, 4]]));
 * embed.forward(Tensor.from([2, 1, 2], { dtype: 'int32' })); // [[3, 4], [1, 2], [3, 4]]
 * embed.backward(Tensor.ones([3, 2]));
 * embed.grads.W;                                             // [[0, 0], [1, 1], [2, 2]]
 * ```
 */
export class Embedding {
  readonly kind = 'Embedding';
  readonly params: { readonly W: Tensor };
  /** ∂L/∂W of the last backward, overwritten in place. */
  readonly grads: { readonly W: Tensor };
  private idx: Tensor<'int32'> | null = null;
  private out: Tensor | null = null;

  constructor(W: Tensor) {
    checkEmbeddingW('Embedding', W);
    this.params = { W };
    this.grads = { W: Tensor.zeros(W.shape, { dtype: W.dtype }) };
  }

  /** W[idx] for ids of shape (N). */
  forward(idx: Tensor<'int32'>, _options: ForwardOptions = {}): Tensor {
    this.idx = checkIds('Embedding.forward', idx, this.params.W.shape[0]!, 1);
    this.out = gatherRows(this.params.W, this.idx);
    return this.out;
  }

  /** dW = 0; dW[idx[n]] += dout[n] (np.add.at); no dx */
  backward(dout: Tensor): void {
    checkDout('Embedding', dout, this.out);
    scatterAddRows(this.grads.W, this.idx!, dout);
  }
}
