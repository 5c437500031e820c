import type { ForwardOptions } from '../layers/layer.js';
import { TimeAffine } from '../layers/time/time-affine.js';
import { TimeAttention } from '../layers/time/time-attention.js';
import { TimeEmbedding } from '../layers/time/time-embedding.js';
import { TimeLSTM } from '../layers/time/time-lstm.js';
import type { Rng } from '../random/rng.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { greedy } from './seq2seq-decoder.js';
import type { NamedLayer } from './seq2seq-encoder.js';
import { lstmWeights, randn } from './sequence-base.js';

/**
 * The book's AttentionDecoder (chapter 8): TimeEmbedding → TimeLSTM (starting from the encoder's last h)
 * → TimeAttention over every encoder state → TimeAffine of [context, LSTM output] (W is (2H, V)).
 * Backward returns the gradient of every encoder state: the attention's, plus the LSTM's dh at the
 * last one.
 */
export class AttentionDecoder {
  readonly embed: TimeEmbedding;
  readonly lstm: TimeLSTM;
  readonly attention = new TimeAttention();
  readonly affine: TimeAffine;

  constructor(rng: Rng, V: number, D: number, H: number, dtype: DType) {
    this.embed = new TimeEmbedding(randn(rng, [V, D], 100, dtype));
    this.lstm = new TimeLSTM(...lstmWeights(rng, D, H, dtype), { stateful: true });
    this.affine = new TimeAffine(randn(rng, [2 * H, V], Math.sqrt(2 * H), dtype), Tensor.zeros([V], { dtype }));
  }

  /** The layers with parameters, by the names the model gives them. */
  layers(): NamedLayer[] {
    return [['embed', this.embed], ['lstm', this.lstm], ['affine', this.affine]];
  }

  private run(xs: Tensor<'int32'>, encHs: Tensor, options: ForwardOptions): Tensor {
    const decHs = this.lstm.forward(this.embed.forward(xs), options);
    const c = this.attention.forward(encHs, decHs);
    return this.affine.forward(Tensor.concat([c, decHs], 2));
  }

  /** Scores (N, T, V) for the decoder inputs xs (N, T) given every encoder state encHs (N, Tₑ, H). */
  forward(xs: Tensor<'int32'>, encHs: Tensor, options: ForwardOptions = {}): Tensor {
    this.lstm.setState(encHs.select(1, encHs.shape[1]! - 1));
    return this.run(xs, encHs, options);
  }

  /** ∂L/∂encHs: the attention's gradient, with the LSTM's dh added at the last step. */
  backward(dscore: Tensor): Tensor {
    const dout = this.affine.backward(dscore);
    const H = dout.shape[2]! / 2;
    const { dhsEnc, dhsDec } = this.attention.backward(dout.slice(2, 0, H));
    this.embed.backward(this.lstm.backward(dout.slice(2, H, 2 * H).add(dhsDec)));
    const [N, Te] = dhsEnc.shape as [number, number];
    const last = Tensor.concat([Tensor.zeros([N, Te - 1, H], { dtype: dout.dtype }), this.lstm.dh!.reshape(N, 1, H)], 1);
    return dhsEnc.add(last);
  }

  /** Greedy answers (N, length) given every encoder state. */
  generate(encHs: Tensor, startId: number, length: number): Tensor<'int32'> {
    this.lstm.setState(encHs.select(1, encHs.shape[1]! - 1));
    return greedy(encHs.shape[0]!, startId, length, (x) => this.run(x, encHs, {}));
  }
}
