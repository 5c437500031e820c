/**
 * A plain text as one long corpus of ids for a language model, as the book's dataset/ptb.py reads
 * ptb.train.txt: words split at white space with `<eos>` at each line's end, or every character;
 * ids numbered in order of first appearance. Pure parsing of bytes.
 */
import { FileFormatError, ValueError } from '../errors/index.js';

/** Words (split at white space, `<eos>` for each line end) or characters (Unicode code points, newlines too). */
export type CorpusLevel = 'word' | 'char';

/** A corpus of ids with the tokens that number them. */
export interface TextCorpus {
  readonly ids: Int32Array;
  /** The tokens in id order (words or characters). */
  readonly tokens: readonly string[];
  readonly level: CorpusLevel;
}

/** Options of {@link parseTextCorpus} and {@link encodeTextCorpus}. */
export interface TextCorpusOptions {
  /** Default 'word', as the book's PTB. */
  readonly level?: CorpusLevel;
  /** A name for messages (the file's path). */
  readonly name?: string;
  /** Refuse more bytes than this (default 64 MiB). */
  readonly maxBytes?: number;
}

/** The default size limit of a text corpus: 64 MiB. */
export const TEXT_CORPUS_MAX_BYTES = 64 * 1024 * 1024;
/** The word that ends each line at word level, as ptb.py. */
export const EOS = '<eos>';

function decodeText(input: Uint8Array | string, name: string, maxBytes: number): string {
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new ValueError(`parseTextCorpus: maxBytes must be a whole number ≥ 1, got ${maxBytes}`);
  if (typeof input === 'string') {
    if (input.length > maxBytes) throw new FileFormatError(`${name}: the text has ${input.length} characters, above the limit of ${maxBytes} bytes`);
    return input.replace(/\r\n?/g, '\n');
  }
  if (!(input instanceof Uint8Array)) throw new ValueError(`parseTextCorpus: expected bytes or a string, got ${input === null ? 'null' : typeof input}`);
  if (input.length > maxBytes) throw new FileFormatError(`${name}: ${input.length} bytes, above the limit of ${maxBytes} bytes (maxBytes)`);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input).replace(/\r\n?/g, '\n');
  } catch {
    throw new FileFormatError(`${name}: not UTF-8 text; a language model reads a plain text file`);
  }
}

/** The tokens of a text with the line (from 1) each comes from. */
function tokenize(text: string, level: CorpusLevel): { tokens: string[]; lines: number[] } {
  const tokens: string[] = [];
  const lines: number[] = [];
  const rows = text.split('\n');
  if (rows[rows.length - 1] === '') rows.pop(); // the last line's newline ends it, it starts no empty line
  rows.forEach((row, i) => {
    if (level === 'char') {
      for (const ch of row) (tokens.push(ch), lines.push(i + 1));
      tokens.push('\n');
      lines.push(i + 1);
      return;
    }
    for (const w of row.split(/\s+/)) if (w !== '') (tokens.push(w), lines.push(i + 1));
    tokens.push(EOS);
    lines.push(i + 1);
  });
  return { tokens, lines };
}

function checkLevel(level: unknown): CorpusLevel {
  if (level !== 'word' && level !== 'char') throw new ValueError(`parseTextCorpus: level must be 'word' or 'char', got ${JSON.stringify(level)}`);
  return level;
}

/**
 * Reads a plain text as a corpus: at word level the words between white space with `<eos>` after each
 * line (ptb.py's `replace('\n', '<eos>').split()`), at character level every character including the
 * newlines. Ids are numbered in order of first appearance, as ptb.py's `word_to_id`.
 *
 * @example
 * ```ts
 * import { parseTextCorpus } from 'scratchnet';
 * const c = parseTextCorpus('the cat sat\nthe dog sat\n');
 * c.tokens;          // ['the', 'cat', 'sat', '<eos>', 'dog']
 * Array.from(c.ids); // [0, 1, 2, 3, 0, 4, 2, 3]
 * ```
 */
export function parseTextCorpus(input: Uint8Array | string, options: TextCorpusOptions = {}): TextCorpus {
  const name = options.name ?? 'text';
  const level = checkLevel(options.level ?? 'word');
  const { tokens } = tokenize(decodeText(input, name, options.maxBytes ?? TEXT_CORPUS_MAX_BYTES), level);
  if (tokens.length < 2) throw new FileFormatError(`${name}: ${tokens.length} ${level === 'word' ? 'words' : 'characters'}; a language model needs a text of at least two`);
  const index = new Map<string, number>();
  const ids = new Int32Array(tokens.length);
  tokens.forEach((t, i) => {
    let id = index.get(t);
    if (id === undefined) index.set(t, (id = index.size));
    ids[i] = id;
  });
  return { ids, tokens: [...index.keys()], level };
}

/**
 * Reads a text with a vocabulary already made (a trained model's): a word or character not in it is an
 * error naming it and its line.
 *
 * @example
 * ```ts
 * import { encodeTextCorpus } from 'scratchnet';
 * Array.from(encodeTextCorpus('sat the\n', ['the', 'cat', 'sat', '<eos>'])); // [2, 0, 3]
 * ```
 */
export function encodeTextCorpus(input: Uint8Array | string, vocabulary: readonly string[], options: TextCorpusOptions = {}): Int32Array {
  const name = options.name ?? 'text';
  const level = checkLevel(options.level ?? 'word');
  const index = new Map(vocabulary.map((t, i) => [t, i]));
  const { tokens, lines } = tokenize(decodeText(input, name, options.maxBytes ?? TEXT_CORPUS_MAX_BYTES), level);
  const ids = new Int32Array(tokens.length);
  tokens.forEach((t, i) => {
    const id = index.get(t);
    if (id === undefined) {
      const what = level === 'word' ? 'word' : 'character';
      throw new FileFormatError(`${name}: line ${lines[i]}: the ${what} ${JSON.stringify(t)} is not in the model's vocabulary of ${vocabulary.length} ${what}s; the model knows only the ${what}s of the text it was trained on`);
    }
    ids[i] = id;
  });
  return ids;
}
