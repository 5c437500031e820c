import type { ForwardOptions } from '../layers/layer.js';
import { TimeAffine } from '../layers/time/time-affine.js';
import { TimeEmbedding } from '../layers/time/time-embedding.js';
import { TimeLSTM } from '../layers/time/time-lstm.js';
import type { Rng } from '../random/rng.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import type { NamedLayer } from './seq2seq-encoder.js';
import { lstmWeights, randn } from './sequence-base.js';

/** Greedy decoding shared by the decoders: feed the start id, then each step's argmax, `length` times; (N, length). */
export function greedy(N: number, startId: number, length: number, step: (x: Tensor<'int32'>) => Tensor): Tensor<'int32'> {
  const out = new Int32Array(N * length);
  let x = Tensor.full([N, 1], startId, { dtype: 'int32' });
  for (let t = 0; t < length; t++) {
    const score = step(x); // (N, 1, V)
    const next = score.reshape(N, score.shape[2]!).argmax(1);
    for (let n = 0; n < N; n++) out[n * length + t] = next[n]!;
    x = new Tensor<'int32'>(next, [N, 1]);
  }
  return new Tensor<'int32'>(out, [N, length]);
}

/**
 * The book's seq2seq Decoder (chapter 7): TimeEmbedding → TimeLSTM (starting from the encoder's h) →
 * TimeAffine. Backward returns the gradient of that starting h, the LSTM's dh.
 */
export class Decoder {
  readonly embed: TimeEmbedding;
  readonly lstm: TimeLSTM;
  readonly affine: TimeAffine;

  constructor(rng: Rng, V: number, D: number, H: number, dtype: DType) {
    this.embed = new TimeEmbedding(randn(rng, [V, D], 100, dtype));
    this.lstm = new TimeLSTM(...lstmWeights(rng, D, H, dtype), { stateful: true });
    this.affine = new TimeAffine(randn(rng, [H, V], Math.sqrt(H), dtype), Tensor.zeros([V], { dtype }));
  }

  /** The layers with parameters, by the names the model gives them. */
  layers(): NamedLayer[] {
    return [['embed', this.embed], ['lstm', this.lstm], ['affine', this.affine]];
  }

  /** Scores (N, T, V) for the decoder inputs xs (N, T), starting from h. */
  forward(xs: Tensor<'int32'>, h: Tensor, options: ForwardOptions = {}): Tensor {
    this.lstm.setState(h);
    return this.affine.forward(this.lstm.forward(this.embed.forward(xs), options));
  }

  /** Backward through the affine, the LSTM and the embedding; returns ∂L/∂h. */
  backward(dscore: Tensor): Tensor {
    this.embed.backward(this.lstm.backward(this.affine.backward(dscore)));
    return this.lstm.dh!;
  }

  /** Greedy answers (N, length) from h. */
  generate(h: Tensor, startId: number, length: number): Tensor<'int32'> {
    this.lstm.setState(h);
    return greedy(h.shape[0]!, startId, length, (x) => this.affine.forward(this.lstm.forward(this.embed.forward(x))));
  }
}
