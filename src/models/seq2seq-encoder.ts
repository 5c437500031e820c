import type { TensorRecord } from '../layers/layer.js';
import { TimeEmbedding } from '../layers/time/time-embedding.js';
import { TimeLSTM } from '../layers/time/time-lstm.js';
import type { Rng } from '../random/rng.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { lstmWeights, randn } from './sequence-base.js';

/** A named layer with parameters, as the seq2seq parts list them for their model. */
export type NamedLayer = readonly [string, { readonly params: Readonly<TensorRecord>; readonly grads: Readonly<TensorRecord> }];

/**
 * The book's seq2seq Encoder (chapter 7): TimeEmbedding → TimeLSTM over the question; its last hidden
 * state h (N, H) is all the decoder receives. Backward puts dh at the last step of dhs (zeros
 * elsewhere) and runs the LSTM and the embedding backward.
 */
export class Encoder {
  readonly embed: TimeEmbedding;
  readonly lstm: TimeLSTM;
  protected hs: Tensor | null = null;

  constructor(rng: Rng, V: number, D: number, H: number, dtype: DType) {
    this.embed = new TimeEmbedding(randn(rng, [V, D], 100, dtype));
    this.lstm = new TimeLSTM(...lstmWeights(rng, D, H, dtype));
  }

  /** The layers with parameters, by the names the model gives them. */
  layers(): NamedLayer[] {
    return [['embed', this.embed], ['lstm', this.lstm]];
  }

  /** h (N, H): the LSTM's hidden state after the last id of xs (N, T). */
  forward(xs: Tensor<'int32'>): Tensor {
    this.hs = this.lstm.forward(this.embed.forward(xs));
    return this.hs.select(1, this.hs.shape[1]! - 1);
  }

  /** dhs = 0 except dhs[:, −1] = dh; then the LSTM's and the embedding's backward. */
  backward(dh: Tensor): void {
    const [N, T, H] = this.hs!.shape as [number, number, number];
    const dhs = T === 1 ? dh.reshape(N, 1, H) : Tensor.concat([Tensor.zeros([N, T - 1, H], { dtype: dh.dtype }), dh.reshape(N, 1, H)], 1);
    this.embed.backward(this.lstm.backward(dhs));
  }
}

/** The attention encoder (chapter 8): the same layers, handing the decoder every hidden state hs (N, T, H). */
export class AttentionEncoder extends Encoder {
  /** hs (N, T, H): the LSTM's hidden state after every id of xs. */
  forwardAll(xs: Tensor<'int32'>): Tensor {
    this.hs = this.lstm.forward(this.embed.forward(xs));
    return this.hs;
  }

  /** The LSTM's and the embedding's backward from dhs (N, T, H). */
  backwardAll(dhs: Tensor): void {
    this.embed.backward(this.lstm.backward(dhs));
  }
}
