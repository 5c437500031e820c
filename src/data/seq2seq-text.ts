/**
 * The book's seq2seq text format (dataset/sequence.py): one example per line, the question, then `_` and
 * the answer, both padded with spaces to a fixed width, e.g. `16+75  _91  `. Pure parsing of bytes.
 */
import { FileFormatError, ValueError } from '../errors/index.js';
import { Rng } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';
import { Vocabulary } from './vocabulary.js';

/** Questions and answers as ids, with the vocabulary that numbers them. */
export interface Seq2seqText {
  /** (N, Tq) question ids (reversed in time with `reverse`). */
  readonly questions: Tensor<'int32'>;
  /** (N, Ta) answer ids, each starting with the id of `_`. */
  readonly answers: Tensor<'int32'>;
  readonly vocab: Vocabulary;
  /** The id of `_`, the decoder's first input. */
  readonly startId: number;
  /** Whether the questions were reversed. */
  readonly reversed: boolean;
}

/** Options of {@link parseSeq2seqText}. */
export interface Seq2seqTextOptions {
  /** A name for messages (the file's path). */
  readonly name?: string;
  /** Reverse every question in time, as the book's "reversed input" (x[:, ::-1]). */
  readonly reverse?: boolean;
  /** Refuse text longer than this many bytes (default 256 MiB). */
  readonly maxBytes?: number;
}

/** The default limit of {@link parseSeq2seqText}: 256 MiB. */
export const SEQ2SEQ_MAX_BYTES = 256 * 1024 * 1024;

/**
 * Reads the book's seq2seq format. Lines end with `\n` (`\r\n` and `\r` count as one, as Python's text
 * mode reads them); a last line without its newline is read whole. The question is everything before
 * the first `_`, the answer the `_` and everything after. Ids are given in order of first appearance
 * over each example's question and then its answer, exactly as the book's vocabulary. Every line must
 * have the first line's widths; a line that does not is named.
 *
 * @example
 * ```ts
 * import { parseSeq2seqText } from 'scratchnet';
 * const data = parseSeq2seqText('16+75  _91  \n52+607 _659 \n');
 * data.vocab.chars.join('');   // '16+75 _920': in order of first appearance
 * data.questions.shape;        // [2, 7]
 * data.vocab.decode(data.answers.select(0, 1).data); // '_659 '
 * ```
 */
export function parseSeq2seqText(input: Uint8Array | string, options: Seq2seqTextOptions = {}): Seq2seqText {
  const name = options.name ?? 'seq2seq text';
  const maxBytes = options.maxBytes ?? SEQ2SEQ_MAX_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new ValueError(`parseSeq2seqText: maxBytes must be a whole number ≥ 1, got ${maxBytes}`);
  let text: string;
  if (typeof input === 'string') {
    if (input.length > maxBytes) throw new FileFormatError(`${name}: the text has ${input.length} characters, above the limit of ${maxBytes} bytes`);
    text = input;
  } else if (input instanceof Uint8Array) {
    if (input.length > maxBytes) throw new FileFormatError(`${name}: ${input.length} bytes, above the limit of ${maxBytes} bytes (maxBytes)`);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      throw new FileFormatError(`${name}: not UTF-8 text; the seq2seq format is lines of text such as '16+75  _91  '`);
    }
  } else {
    throw new ValueError(`parseSeq2seqText: expected bytes or a string, got ${input === null ? 'null' : typeof input}`);
  }
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new FileFormatError(`${name}: no examples; expected lines such as '16+75  _91  '`);
  const vocab = new Vocabulary();
  const qs: string[] = [];
  const as: string[] = [];
  let qWidth = 0;
  let aWidth = 0;
  lines.forEach((line, i) => {
    const at = `${name}: line ${i + 1}`;
    if (line === '') throw new FileFormatError(`${at} is empty; every line is one example, question_answer`);
    const cut = line.indexOf('_');
    if (cut < 0) throw new FileFormatError(`${at} has no '_' between the question and the answer: ${JSON.stringify(line.slice(0, 40))}`);
    const q = Array.from(line.slice(0, cut));
    const a = Array.from(line.slice(cut));
    if (q.length === 0) throw new FileFormatError(`${at} has no question before its '_'`);
    if (a.length < 2) throw new FileFormatError(`${at} has no answer after its '_'`);
    if (i === 0) [qWidth, aWidth] = [q.length, a.length];
    else if (q.length !== qWidth) throw new FileFormatError(`${at}: the question is ${q.length} characters wide, line 1's is ${qWidth}; every question is padded with spaces to one width`);
    else if (a.length !== aWidth) throw new FileFormatError(`${at}: the answer is ${a.length} characters wide (with its '_'), line 1's is ${aWidth}; every answer is padded with spaces to one width`);
    vocab.add(q.join(''));
    vocab.add(a.join(''));
    qs.push(q.join(''));
    as.push(a.join(''));
  });
  const N = lines.length;
  const questions = new Int32Array(N * qWidth);
  const answers = new Int32Array(N * aWidth);
  const reverse = options.reverse ?? false;
  for (let n = 0; n < N; n++) {
    const q = vocab.encode(qs[n]!);
    if (reverse) q.reverse();
    questions.set(q, n * qWidth);
    answers.set(vocab.encode(as[n]!), n * aWidth);
  }
  return {
    questions: new Tensor<'int32'>(questions, [N, qWidth]),
    answers: new Tensor<'int32'>(answers, [N, aWidth]),
    vocab,
    startId: vocab.idOf('_')!,
    reversed: reverse,
  };
}

/** A training and a test split of seq2seq examples. */
export interface Seq2seqSplits {
  readonly train: { readonly questions: Tensor<'int32'>; readonly answers: Tensor<'int32'> };
  readonly test: { readonly questions: Tensor<'int32'>; readonly answers: Tensor<'int32'> };
}

/**
 * Shuffles the examples with a seeded generator and holds out the last ⌊N · testFraction⌋ as the test
 * split, as the book's load_data (which shuffles with numpy's seed 1984 and holds out a tenth).
 *
 * @example
 * ```ts
 * import { parseSeq2seqText, splitSeq2seq } from 'scratchnet';
 * const data = parseSeq2seqText(Array.from({ length: 20 }, (_, i) => `${i % 10}+1_${(i % 10) + 1} `.slice(0, 6)).join('\n'));
 * const { train, test } = splitSeq2seq(data); // 18 and 2 examples
 * ```
 */
export function splitSeq2seq(data: Pick<Seq2seqText, 'questions' | 'answers'>, options: { readonly seed?: number; readonly testFraction?: number } = {}): Seq2seqSplits {
  const { seed = 1984, testFraction = 0.1 } = options;
  if (!(testFraction >= 0 && testFraction < 1)) throw new ValueError(`splitSeq2seq: testFraction must be in [0, 1), got ${testFraction}`);
  const N = data.questions.shape[0]!;
  const order = new Rng(seed).permutation(N);
  const nTest = Math.floor(N * testFraction);
  const take = (t: Tensor<'int32'>, from: number, to: number): Tensor<'int32'> => {
    const T = t.shape[1]!;
    const out = new Int32Array((to - from) * T);
    for (let i = from; i < to; i++) out.set(t.data.subarray(order[i]! * T, (order[i]! + 1) * T), (i - from) * T);
    return new Tensor<'int32'>(out, [to - from, T]);
  };
  return {
    train: { questions: take(data.questions, 0, N - nTest), answers: take(data.answers, 0, N - nTest) },
    test: { questions: take(data.questions, N - nTest, N), answers: take(data.answers, N - nTest, N) },
  };
}

/**
 * Lines in the seq2seq format from question/answer pairs, each padded with spaces to the given widths (the answer's counting its `_`).
 * @example
 * ```ts
 * import { formatSeq2seqText } from 'scratchnet';
 * formatSeq2seqText([['16+75', '91']], 7, 5); // '16+75  _91  \n'
 * ```
 */
export function formatSeq2seqText(pairs: readonly (readonly [string, string])[], questionWidth: number, answerWidth: number): string {
  return pairs
    .map(([q, a], i) => {
      if ([...q].length > questionWidth || [...a].length + 1 > answerWidth || q.includes('_') || q.includes('\n') || a.includes('\n')) {
        throw new ValueError(`formatSeq2seqText: pair ${i} (${JSON.stringify(q)}, ${JSON.stringify(a)}) does not fit the widths ${questionWidth} and ${answerWidth}, or holds '_' in its question or a newline`);
      }
      return `${q}${' '.repeat(questionWidth - [...q].length)}_${a}${' '.repeat(answerWidth - 1 - [...a].length)}\n`;
    })
    .join('');
}
