import type { ForwardOptions } from '../layers/layer.js';
import type { Tensor } from '../tensor/tensor.js';
import { AttentionDecoder } from './attention-decoder.js';
import { Seq2seqBase } from './seq2seq.js';
import { AttentionEncoder } from './seq2seq-encoder.js';
import type { SequenceModelOptions } from './sequence-base.js';

/**
 * The book's AttentionSeq2seq (chapter 8): an encoder that hands over every hidden state, and an
 * {@link AttentionDecoder} that looks back at all of them at each step. Parameters as Seq2seq's, with
 * `decoder.affine.W` (2H, V). Defaults as ch08/train.py: word vectors 16, hidden 256. After a forward
 * or generate, `decoder.attention.attentionWeights` holds what each output step looked at.
 *
 * @example
 * ```ts
 * import { AttentionSeq2seq, Tensor } from 'scratchnet';
 * const model = new AttentionSeq2seq({ vocabSize: 13, wordvecSize: 8, hiddenSize: 16 });
 * model.generate(Tensor.from([[1, 2, 3]], { dtype: 'int32' }), 0, 2);
 * model.decoder.attention.attentionWeights.length; // 1: the last step's weights over the 3 inputs
 * ```
 */
export class AttentionSeq2seq extends Seq2seqBase {
  readonly encoder: AttentionEncoder;
  readonly decoder: AttentionDecoder;

  constructor(options: SequenceModelOptions) {
    super('attention-seq2seq', options, { wordvecSize: 16, hiddenSize: 256 });
    const { vocabSize: V, wordvecSize: D, hiddenSize: H, dtype } = this.sizes;
    this.encoder = new AttentionEncoder(this.rng, V, D, H, dtype);
    this.decoder = new AttentionDecoder(this.rng, V, D, H, dtype);
    this.registerParts(this.encoder.layers(), this.decoder.layers());
  }

  protected encode(xs: Tensor<'int32'>): Tensor {
    return this.encoder.forwardAll(xs);
  }
  protected encodeBackward(dhs: Tensor): void {
    this.encoder.backwardAll(dhs);
  }
  protected decode(xs: Tensor<'int32'>, hs: Tensor, options: ForwardOptions): Tensor {
    return this.decoder.forward(xs, hs, options);
  }
  protected decodeBackward(dscore: Tensor): Tensor {
    return this.decoder.backward(dscore);
  }
  protected decodeGreedy(hs: Tensor, startId: number, length: number): Tensor<'int32'> {
    return this.decoder.generate(hs, startId, length);
  }
}
