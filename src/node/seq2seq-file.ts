import { statSync } from 'node:fs';
import { FileFormatError } from '../errors/index.js';
import { parseSeq2seqText, SEQ2SEQ_MAX_BYTES, splitSeq2seq, type Seq2seqSplits, type Seq2seqText } from '../data/seq2seq-text.js';
import { readFileBytes } from './read-file.js';

/** Options of {@link loadSeq2seqText}. */
export interface LoadSeq2seqOptions {
  /** Reverse every question in time (the book's "reversed input"). */
  readonly reverse?: boolean;
  /** Seed of the shuffle before the split (default 1984, the number the book seeds numpy with). */
  readonly seed?: number;
  /** Fraction held out as the test split (default 0.1, as the book). */
  readonly testFraction?: number;
  /** Refuse a larger file before reading it (default 256 MiB). */
  readonly maxBytes?: number;
}

/**
 * Reads a file in the book's seq2seq format (dataset/addition.txt, date.txt; see {@link parseSeq2seqText}),
 * shuffles it with a seeded generator and holds out a tenth, as the book's `sequence.load_data`. Returns
 * every example in file order, the two splits and the vocabulary.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { additionText, loadSeq2seqText } from 'scratchnet';
 * writeFileSync('addition.txt', additionText(1000));
 * const { train, test, vocab, startId } = loadSeq2seqText('addition.txt', { reverse: true });
 * train.questions.shape; // [900, 7]
 * ```
 */
export function loadSeq2seqText(path: string, options: LoadSeq2seqOptions = {}): Seq2seqText & Seq2seqSplits {
  const maxBytes = options.maxBytes ?? SEQ2SEQ_MAX_BYTES;
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new FileFormatError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (size > maxBytes) throw new FileFormatError(`${path}: ${size} bytes, above the limit of ${maxBytes} bytes (maxBytes)`);
  const data = parseSeq2seqText(readFileBytes(path), { name: path, maxBytes, ...(options.reverse !== undefined ? { reverse: options.reverse } : {}) });
  return { ...data, ...splitSeq2seq(data, { ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.testFraction !== undefined ? { testFraction: options.testFraction } : {}) }) };
}
