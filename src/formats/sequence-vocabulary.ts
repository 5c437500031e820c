/**
 * The vocabulary a sequence model file carries in its metadata (`scratchnet.vocabulary`), so that
 * predict, eval and generate need the file alone: a language model's words or characters, a seq2seq
 * model's characters with its start character, widths and whether it reads questions reversed.
 */
import { FileFormatError } from '../errors/index.js';
import type { CorpusLevel } from '../data/text-corpus.js';

/** The metadata key. */
export const VOCABULARY_KEY = 'scratchnet.vocabulary';

/** What a language model reads and writes. */
export interface LanguageModelVocabulary {
  readonly task: 'language-model';
  readonly level: CorpusLevel;
  readonly tokens: readonly string[];
}

/** What a seq2seq model reads and writes: characters, questions padded to `questionWidth`, answers of `answerWidth` with the start character. */
export interface Seq2seqVocabulary {
  readonly task: 'seq2seq';
  readonly tokens: readonly string[];
  readonly startId: number;
  readonly reversed: boolean;
  readonly questionWidth: number;
  readonly answerWidth: number;
}

/** The vocabulary of either kind of sequence model. */
export type SequenceVocabulary = LanguageModelVocabulary | Seq2seqVocabulary;

/** The metadata entry for a model file. */
export function vocabularyMetadata(v: SequenceVocabulary): Record<string, string> {
  return { [VOCABULARY_KEY]: JSON.stringify(v) };
}

/** Reads and checks the vocabulary of a model file against the model's task and vocabulary size; every problem names the file. */
export function readVocabulary(metadata: Readonly<Record<string, string>>, task: 'language-model' | 'seq2seq', vocabSize: number, name: string): SequenceVocabulary {
  const fail = (why: string): never => {
    throw new FileFormatError(`${name}: ${why}`);
  };
  const raw = metadata[VOCABULARY_KEY];
  if (raw === undefined) fail(`no '${VOCABULARY_KEY}' in the metadata: the model was not saved by 'scratchnet train', so its words or characters are unknown`);
  let v: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(raw!);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) fail(`'${VOCABULARY_KEY}' is not a JSON object`);
    v = parsed as Record<string, unknown>;
  } catch (e) {
    if (e instanceof FileFormatError) throw e;
    fail(`bad JSON in '${VOCABULARY_KEY}' (${(e as Error).message})`);
  }
  if (v.task !== task) fail(`the vocabulary is a ${JSON.stringify(v.task)} model's, the model a ${task} model`);
  const tokens = v.tokens;
  if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === 'string' && t.length > 0)) fail('the vocabulary must be a list of words or characters');
  if ((tokens as string[]).length !== vocabSize) fail(`the vocabulary has ${(tokens as string[]).length} entries, the model reads ${vocabSize} ids`);
  if (new Set(tokens as string[]).size !== vocabSize) fail('the vocabulary lists an entry twice');
  if (task === 'language-model') {
    if (v.level !== 'word' && v.level !== 'char') fail(`the vocabulary's level must be 'word' or 'char', got ${JSON.stringify(v.level)}`);
    if (v.level === 'char' && !(tokens as string[]).every((t) => [...t].length === 1)) fail('a character vocabulary holds an entry that is not one character');
    return { task, level: v.level as CorpusLevel, tokens: tokens as string[] };
  }
  const count = (k: string, min: number) => (Number.isSafeInteger(v[k]) && (v[k] as number) >= min ? (v[k] as number) : fail(`'${k}' must be a whole number ≥ ${min}, got ${JSON.stringify(v[k])}`));
  const startId = count('startId', 0);
  if (startId >= vocabSize) fail(`the start id ${startId} is outside the vocabulary of ${vocabSize}`);
  if (typeof v.reversed !== 'boolean') fail(`'reversed' must be true or false`);
  if (!(tokens as string[]).every((t) => [...t].length === 1)) fail('a seq2seq vocabulary holds an entry that is not one character');
  return { task, tokens: tokens as string[], startId, reversed: v.reversed as boolean, questionWidth: count('questionWidth', 1), answerWidth: count('answerWidth', 2) };
}
