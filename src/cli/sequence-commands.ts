/** eval, predict and generate for sequence model files: the model and its vocabulary from the file alone. */
import { encodeTextCorpus, EOS } from '../data/text-corpus.js';
import { parseSeq2seqText } from '../data/seq2seq-text.js';
import { FileFormatError } from '../errors/index.js';
import { decodeSafetensors } from '../formats/safetensors.js';
import { MODEL_CONFIG_KEY, sequenceModelFromSafetensors } from '../formats/model-bytes.js';
import { readVocabulary, type LanguageModelVocabulary, type Seq2seqVocabulary, type SequenceVocabulary } from '../formats/sequence-vocabulary.js';
import { exactMatch } from '../metrics/exact-match.js';
import { perplexity } from '../metrics/perplexity.js';
import type { LanguageModel, Seq2seqModel, SequenceModel } from '../models/sequence-model.js';
import { readFileBytes } from '../node/read-file.js';
import { Rng } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';
import { CliError } from './args.js';
import { out } from './common.js';
import { SEQUENCE_MODELS } from './sequence-defaults.js';

/** A sequence model file: the model and its vocabulary. */
export type SequenceFile = { readonly model: LanguageModel; readonly vocabulary: LanguageModelVocabulary } | { readonly model: Seq2seqModel; readonly vocabulary: Seq2seqVocabulary };

/** The model kind a model file names ('' when it names none). */
export function modelKindOf(bytes: Uint8Array, path: string): string {
  const raw = decodeSafetensors(bytes, path).metadata[MODEL_CONFIG_KEY];
  try {
    return String((JSON.parse(raw ?? '{}') as { model?: unknown }).model ?? '');
  } catch {
    return '';
  }
}

/** Reads a sequence model file, or returns null for a file of another kind of model. */
export function readSequenceModelFile(path: string): SequenceFile | null {
  const bytes = readFileBytes(path);
  if (!SEQUENCE_MODELS.includes(modelKindOf(bytes, path))) return null;
  const model: SequenceModel = sequenceModelFromSafetensors(bytes, path);
  const vocabulary: SequenceVocabulary = readVocabulary(decodeSafetensors(bytes, path).metadata, model.task, model.vocabSize, path);
  return { model, vocabulary } as SequenceFile;
}

/** The lines of the book's seq2seq format read with the model's own vocabulary and widths; a character it does not know names its line. */
function seq2seqWithVocabulary(path: string, v: Seq2seqVocabulary): { questions: Tensor<'int32'>; answers: Tensor<'int32'> } {
  const bytes = readFileBytes(path);
  const parsed = parseSeq2seqText(bytes, { name: path });
  const [qWidth, aWidth] = [parsed.questions.shape[1]!, parsed.answers.shape[1]!];
  if (qWidth !== v.questionWidth || aWidth !== v.answerWidth) {
    throw new FileFormatError(`${path}: questions ${qWidth} and answers ${aWidth} characters wide (with '_'), the model was trained on ${v.questionWidth} and ${v.answerWidth}`);
  }
  const index = new Map(v.tokens.map((t, i) => [t, i]));
  const map = parsed.vocab.chars.map((ch) => index.get(ch) ?? -1);
  const unknown = parsed.vocab.chars.find((_, i) => map[i] === -1);
  if (unknown !== undefined) {
    const line = new TextDecoder().decode(bytes).replace(/\r\n?/g, '\n').split('\n').findIndex((l) => l.includes(unknown)) + 1;
    throw new FileFormatError(`${path}: line ${line}: the character ${JSON.stringify(unknown)} is not in the model's vocabulary (${JSON.stringify(v.tokens.join(''))})`);
  }
  const remap = (t: Tensor<'int32'>, reverse: boolean) => {
    const T = t.shape[1]!;
    const outIds = new Int32Array(t.size);
    for (let i = 0; i < t.size; i++) outIds[i] = map[t.data[reverse ? i - (i % T) + (T - 1 - (i % T)) : i]!]!;
    return new Tensor<'int32'>(outIds, [...t.shape]);
  };
  return { questions: remap(parsed.questions, v.reversed), answers: remap(parsed.answers, false) };
}

/** `scratchnet eval` of a sequence model: exact-match accuracy over whole answers, or perplexity. */
export function sequenceEval(file: string, s: SequenceFile, dataPath: string | undefined, json: boolean): void {
  if (dataPath === undefined) throw new CliError(`eval needs --data FILE for ${file}: ${s.model.task === 'seq2seq' ? "the book's seq2seq text ('16+75  _91  ' a line)" : 'a plain text file'}`);
  if (s.model.task === 'seq2seq') {
    const v = s.vocabulary as Seq2seqVocabulary;
    const { questions, answers } = seq2seqWithVocabulary(dataPath, v);
    const n = questions.shape[0]!;
    const accuracy = exactMatch(s.model, questions, answers);
    out(json ? JSON.stringify({ task: 'seq2seq', n, accuracy }) : `${file} (${s.model.config().model}): exact-match accuracy ${accuracy.toFixed(4)} on ${n} questions of ${dataPath}`);
    return;
  }
  const v = s.vocabulary as LanguageModelVocabulary;
  const ids = encodeTextCorpus(readFileBytes(dataPath), v.tokens, { level: v.level, name: dataPath });
  if (ids.length < 2) throw new FileFormatError(`${dataPath}: ${ids.length} ${v.level === 'word' ? 'words' : 'characters'}; perplexity needs at least two`);
  // the book's eval_perplexity reads 10 rows of 35; a short text reads fewer
  const timeSize = Math.min(35, ids.length - 1);
  const batchSize = Math.max(1, Math.min(10, Math.floor((ids.length - 1) / timeSize)));
  const ppl = perplexity(s.model, ids, { batchSize, timeSize });
  out(json ? JSON.stringify({ task: 'language-model', perplexity: ppl }) : `${file} (${s.model.config().model}): perplexity ${ppl.toFixed(2)} on ${ids.length} ${v.level === 'word' ? 'words' : 'characters'} of ${dataPath}`);
}

/** `scratchnet predict` of a seq2seq model: the greedy answer to each question. */
export function sequencePredict(file: string, s: SequenceFile, questions: readonly string[], json: boolean): void {
  if (s.model.task !== 'seq2seq') throw new CliError(`${file} is a language model (${s.model.config().model}): it continues a text, use scratchnet generate --model ${file} --start TEXT`);
  if (questions.length === 0) throw new CliError(`predict needs a question: scratchnet predict --model ${file} "QUESTION"`);
  const v = s.vocabulary as Seq2seqVocabulary;
  const index = new Map(v.tokens.map((t, i) => [t, i]));
  const rows = questions.map((q, n) => {
    const chars = [...q];
    if (chars.length > v.questionWidth) throw new CliError(`question ${n + 1} ${JSON.stringify(q)} has ${chars.length} characters; the model reads at most ${v.questionWidth}`);
    const ids = chars.concat(Array<string>(v.questionWidth - chars.length).fill(' ')).map((ch, i) => {
      const id = index.get(ch);
      if (id === undefined) throw new CliError(`question ${n + 1} ${JSON.stringify(q)}: the character ${JSON.stringify(ch)} at ${i + 1} is not in the model's vocabulary (${JSON.stringify(v.tokens.join(''))})`);
      return id;
    });
    return v.reversed ? ids.reverse() : ids;
  });
  const xs = new Tensor<'int32'>(Int32Array.from(rows.flat()), [rows.length, v.questionWidth]);
  const answers = s.model.generate(xs, v.startId, v.answerWidth - 1);
  const T = answers.shape[1]!;
  questions.forEach((q, n) => {
    const answer = Array.from(answers.data.subarray(n * T, (n + 1) * T), (id) => v.tokens[id]!).join('').trimEnd();
    out(json ? JSON.stringify({ question: q, answer }) : answer);
  });
}

/** `scratchnet generate`: `length` more words or characters drawn from a language model after `start`. */
export function sequenceGenerate(file: string, s: SequenceFile, start: string, length: number, seed: number): string {
  if (s.model.task !== 'language-model') throw new CliError(`${file} is a seq2seq model (${s.model.config().model}): it answers questions, use scratchnet predict --model ${file} "QUESTION"`);
  const v = s.vocabulary as LanguageModelVocabulary;
  const tokens = v.level === 'word' ? start.split(/\s+/).filter((w) => w !== '') : [...start];
  if (tokens.length === 0) throw new CliError('--start needs at least one word (or character) to begin with');
  const index = new Map(v.tokens.map((t, i) => [t, i]));
  const ids = tokens.map((t, i) => {
    const id = index.get(t);
    if (id === undefined) throw new CliError(`--start: the ${v.level === 'word' ? 'word' : 'character'} ${JSON.stringify(t)} (at ${i + 1}) is not in the model's vocabulary of ${v.tokens.length}`);
    return id;
  });
  const all = s.model.generate(ids, ids.length + length, { rng: new Rng(seed) });
  const words = all.map((id) => v.tokens[id]!);
  return v.level === 'char' ? words.join('') : words.join(' ').replaceAll(` ${EOS} `, '\n').replaceAll(` ${EOS}`, '\n').replaceAll(`${EOS} `, '\n');
}
