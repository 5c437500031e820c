import type { ForwardOptions } from '../layers/layer.js';
import type { Tensor } from '../tensor/tensor.js';
import { PeekyDecoder } from './peeky-decoder.js';
import { Seq2seqBase } from './seq2seq.js';
import { Encoder } from './seq2seq-encoder.js';
import type { SequenceModelOptions } from './sequence-base.js';

/**
 * The book's PeekySeq2seq (chapter 7): the Seq2seq Encoder and a {@link PeekyDecoder}, which sees the
 * encoder's h at every step. Parameters as Seq2seq's, with `decoder.lstm.Wx` (H + D, 4H) and
 * `decoder.affine.W` (2H, V). Defaults: word vectors 16, hidden 128.
 *
 * @example
 * ```ts
 * import { PeekySeq2seq, Tensor } from 'scratchnet';
 * const model = new PeekySeq2seq({ vocabSize: 13, wordvecSize: 8, hiddenSize: 16 });
 * model.generate(Tensor.from([[1, 2, 3]], { dtype: 'int32' }), 0, 4); // [[?, ?, ?, ?]]
 * ```
 */
export class PeekySeq2seq extends Seq2seqBase {
  readonly encoder: Encoder;
  readonly decoder: PeekyDecoder;

  constructor(options: SequenceModelOptions) {
    super('peeky-seq2seq', options, { wordvecSize: 16, hiddenSize: 128 });
    const { vocabSize: V, wordvecSize: D, hiddenSize: H, dtype } = this.sizes;
    this.encoder = new Encoder(this.rng, V, D, H, dtype);
    this.decoder = new PeekyDecoder(this.rng, V, D, H, dtype);
    this.registerParts(this.encoder.layers(), this.decoder.layers());
  }

  protected encode(xs: Tensor<'int32'>): Tensor {
    return this.encoder.forward(xs);
  }
  protected encodeBackward(dh: Tensor): void {
    this.encoder.backward(dh);
  }
  protected decode(xs: Tensor<'int32'>, h: Tensor, options: ForwardOptions): Tensor {
    return this.decoder.forward(xs, h, options);
  }
  protected decodeBackward(dscore: Tensor): Tensor {
    return this.decoder.backward(dscore);
  }
  protected decodeGreedy(h: Tensor, startId: number, length: number): Tensor<'int32'> {
    return this.decoder.generate(h, startId, length);
  }
}
