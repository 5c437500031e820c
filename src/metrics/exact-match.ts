import { ShapeError, ValueError, fmtShape } from '../errors/index.js';
import type { Seq2seqModel } from '../models/sequence-model.js';
import type { Tensor } from '../tensor/tensor.js';

/** Options of {@link exactMatch}. */
export interface ExactMatchOptions {
  /** Questions answered per generate call (default 500). */
  readonly batchSize?: number;
}

/**
 * The fraction of questions a seq2seq model answers exactly, the book's eval_seq2seq over a set: each
 * answer row starts with the start id (the `_`), the model generates the rest greedily from it, and a
 * question counts only when every generated id equals the answer's.
 *
 * @example
 * ```ts
 * import { Seq2seq, Tensor, exactMatch } from 'scratchnet';
 * const model = new Seq2seq({ vocabSize: 5, wordvecSize: 3, hiddenSize: 4 });
 * const q = Tensor.from([[1, 2], [2, 1]], { dtype: 'int32' });
 * const a = Tensor.from([[0, 3, 4], [0, 4, 3]], { dtype: 'int32' });
 * exactMatch(model, q, a); // 0, 0.5 or 1
 * ```
 */
export function exactMatch(model: Seq2seqModel, questions: Tensor<'int32'>, answers: Tensor<'int32'>, options: ExactMatchOptions = {}): number {
  const { batchSize = 500 } = options;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new ValueError(`exactMatch: batchSize must be a whole number ≥ 1, got ${batchSize}`);
  if (answers.ndim !== 2 || answers.shape[1]! < 2) throw new ShapeError(`exactMatch: answers must be [N, Ta] with the start id and at least one more, got ${fmtShape(answers.shape)}`);
  const [N, Ta] = answers.shape as [number, number];
  if (questions.ndim !== 2 || questions.shape[0] !== N) throw new ShapeError(`exactMatch: ${questions.shape[0]} questions but ${N} answers`);
  const start = answers.data[0]!;
  for (let n = 0; n < N; n++) {
    if (answers.data[n * Ta] !== start) throw new ValueError(`exactMatch: answer ${n} starts with id ${answers.data[n * Ta]}, answer 0 with ${start}; every answer begins with the same start id`);
  }
  let right = 0;
  for (let from = 0; from < N; from += batchSize) {
    const to = Math.min(N, from + batchSize);
    const guess = model.generate(questions.slice(0, from, to), start, Ta - 1);
    for (let n = 0; n < to - from; n++) {
      let same = true;
      for (let t = 1; t < Ta && same; t++) same = guess.data[n * (Ta - 1) + t - 1] === answers.data[(from + n) * Ta + t];
      if (same) right++;
    }
  }
  return N === 0 ? 0 : right / N;
}
