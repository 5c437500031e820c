import { ValueError } from '../errors/index.js';
import type { LanguageModel } from '../models/sequence-model.js';
import { Tensor } from '../tensor/tensor.js';

/** Options of {@link perplexity}. */
export interface PerplexityOptions {
  /** Rows read side by side (default 10, as the book's eval_perplexity). */
  readonly batchSize?: number;
  /** Ids per row and batch (default 35). */
  readonly timeSize?: number;
}

/**
 * A language model's perplexity on a corpus, the book's eval_perplexity: e to the mean cross-entropy of
 * predicting each next id, read as `batchSize` rows of `timeSize` ids at a time with the state carried
 * between batches (in eval mode: no dropout). 1 is perfect; a model guessing uniformly among V ids
 * scores V. The state is reset before and after.
 *
 * @example
 * ```ts
 * import { Rnnlm, perplexity } from 'scratchnet';
 * const model = new Rnnlm({ vocabSize: 10, wordvecSize: 4, hiddenSize: 4 });
 * const corpus = Int32Array.from({ length: 200 }, (_, i) => i % 10);
 * perplexity(model, corpus, { batchSize: 2, timeSize: 5 }); // about 10 before training
 * ```
 */
export function perplexity(model: LanguageModel, corpus: Int32Array, options: PerplexityOptions = {}): number {
  const { batchSize = 10, timeSize = 35 } = options;
  if (!(corpus instanceof Int32Array)) throw new ValueError(`perplexity: the corpus must be an Int32Array of ids, got ${corpus === null ? 'null' : typeof corpus}`);
  for (const [name, v] of [['batchSize', batchSize], ['timeSize', timeSize]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new ValueError(`perplexity: ${name} must be a whole number ≥ 1, got ${v}`);
  }
  const size = corpus.length;
  const iters = Math.floor((size - 1) / (batchSize * timeSize));
  if (iters === 0) throw new ValueError(`perplexity: a corpus of ${size} ids is too short for one batch of ${batchSize} × ${timeSize} (needs ${batchSize * timeSize + 1}); lower batchSize or timeSize`);
  const jump = Math.floor((size - 1) / batchSize);
  model.resetState();
  let total = 0;
  for (let it = 0; it < iters; it++) {
    const xs = new Int32Array(batchSize * timeSize);
    const ts = new Int32Array(batchSize * timeSize);
    for (let t = 0; t < timeSize; t++) {
      for (let i = 0; i < batchSize; i++) {
        const at = it * timeSize + i * jump + t;
        xs[i * timeSize + t] = corpus[at % size]!;
        ts[i * timeSize + t] = corpus[(at + 1) % size]!;
      }
    }
    total += model.forward(new Tensor<'int32'>(xs, [batchSize, timeSize]), new Tensor<'int32'>(ts, [batchSize, timeSize]), { train: false });
  }
  model.resetState();
  return Math.exp(total / iters);
}
