import type { ForwardOptions } from '../layers/layer.js';
import { TimeAffine } from '../layers/time/time-affine.js';
import { TimeEmbedding } from '../layers/time/time-embedding.js';
import { TimeLSTM } from '../layers/time/time-lstm.js';
import type { Rng } from '../random/rng.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { greedy } from './seq2seq-decoder.js';
import type { NamedLayer } from './seq2seq-encoder.js';
import { lstmWeights, randn } from './sequence-base.js';

/** h (N, H) repeated at every one of T steps: (N, T, H). */
function everyStep(h: Tensor, T: number): Tensor {
  return Tensor.stack(Array.from({ length: T }, () => h), 1);
}

/**
 * The book's PeekyDecoder (chapter 7): the encoder's h is not only the LSTM's first state but is also
 * given to the LSTM and to the affine at every step ("peeking"): LSTM input [h, embed(x)], affine input
 * [h, LSTM output]. So Wx is (H + D, 4H) and the affine W (2H, V). Backward adds up the gradient of h
 * from the LSTM's start and from every step's two peeks.
 */
export class PeekyDecoder {
  readonly embed: TimeEmbedding;
  readonly lstm: TimeLSTM;
  readonly affine: TimeAffine;
  private H = 0;

  constructor(rng: Rng, V: number, D: number, H: number, dtype: DType) {
    this.embed = new TimeEmbedding(randn(rng, [V, D], 100, dtype));
    const [, Wh, b] = lstmWeights(rng, H, H, dtype);
    this.lstm = new TimeLSTM(randn(rng, [H + D, 4 * H], Math.sqrt(H + D), dtype), Wh, b, { stateful: true });
    this.affine = new TimeAffine(randn(rng, [2 * H, V], Math.sqrt(2 * H), dtype), Tensor.zeros([V], { dtype }));
  }

  /** The layers with parameters, by the names the model gives them. */
  layers(): NamedLayer[] {
    return [['embed', this.embed], ['lstm', this.lstm], ['affine', this.affine]];
  }

  private run(xs: Tensor<'int32'>, h: Tensor, options: ForwardOptions): Tensor {
    const hs = everyStep(h, xs.shape[1]!);
    const out = this.lstm.forward(Tensor.concat([hs, this.embed.forward(xs)], 2), options);
    return this.affine.forward(Tensor.concat([hs, out], 2));
  }

  /** Scores (N, T, V) for the decoder inputs xs (N, T), with h as the start state and peeked at every step. */
  forward(xs: Tensor<'int32'>, h: Tensor, options: ForwardOptions = {}): Tensor {
    this.H = h.shape[1]!;
    this.lstm.setState(h);
    return this.run(xs, h, options);
  }

  /** ∂L/∂h: the LSTM's dh plus the sum over the steps of both peeks' gradients. */
  backward(dscore: Tensor): Tensor {
    const H = this.H;
    const dout = this.affine.backward(dscore);
    const dhs0 = dout.slice(2, 0, H);
    const dlstm = this.lstm.backward(dout.slice(2, H, dout.shape[2]!));
    this.embed.backward(dlstm.slice(2, H, dlstm.shape[2]!));
    const dhs1 = dlstm.slice(2, 0, H);
    return this.lstm.dh!.add(dhs0.add(dhs1).sum(1));
  }

  /** Greedy answers (N, length) from h. */
  generate(h: Tensor, startId: number, length: number): Tensor<'int32'> {
    this.lstm.setState(h);
    return greedy(h.shape[0]!, startId, length, (x) => this.run(x, h, {}));
  }
}
