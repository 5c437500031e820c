import { statSync } from 'node:fs';
import { FileFormatError } from '../errors/index.js';
import { parseTextCorpus, TEXT_CORPUS_MAX_BYTES, type TextCorpus, type TextCorpusOptions } from '../data/text-corpus.js';
import { readFileBytes } from './read-file.js';

/**
 * Reads a plain text file as a language model's corpus, words or characters (see {@link parseTextCorpus});
 * a file above `maxBytes` is refused before it is read.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { grammarText, loadTextCorpus } from 'scratchnet';
 * writeFileSync('toy.txt', grammarText(100));
 * const { ids, tokens } = loadTextCorpus('toy.txt', { level: 'word' });
 * ```
 */
export function loadTextCorpus(path: string, options: Omit<TextCorpusOptions, 'name'> = {}): TextCorpus {
  const maxBytes = options.maxBytes ?? TEXT_CORPUS_MAX_BYTES;
  let size: number;
  try {
    size = statSync(path).size;
  } catch (e) {
    throw new FileFormatError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (size > maxBytes) throw new FileFormatError(`${path}: ${size} bytes, above the limit of ${maxBytes} bytes (maxBytes)`);
  return parseTextCorpus(readFileBytes(path), { ...options, name: path });
}
