/** `scratchnet train --model rnnlm|better-rnnlm|seq2seq|peeky-seq2seq|attention-seq2seq`: the book's second-volume scripts from the command line. */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CorpusLevel } from '../data/text-corpus.js';
import { ValueError } from '../errors/index.js';
import type { SequenceVocabulary } from '../formats/sequence-vocabulary.js';
import { buildSequenceModel, sequenceModelFromConfig } from '../models/registry.js';
import type { SequenceModel } from '../models/sequence-model.js';
import { runsIn } from '../node/checkpoint-files.js';
import { loadSeq2seqText } from '../node/seq2seq-file.js';
import { loadLatestSequenceCheckpoint } from '../node/sequence-checkpoint-files.js';
import { loadTextCorpus } from '../node/text-corpus-file.js';
import { OPTIMIZER_NAMES, makeOptimizer } from '../optimizers/index.js';
import { newRunId } from '../train/checkpoint.js';
import type { Seq2seqData } from '../train/seq2seq-trainer.js';
import type { SequenceCheckpoint, SequenceRunConfig } from '../train/sequence-checkpoint.js';
import { CliError, choiceFlag, intFlag, parse, positiveFlag, ratioFlag, type Flags } from './args.js';
import { invokedAs, shownPath } from './common.js';
import { checkOutputDir, checkOutputFile } from './outputs.js';
import { SEQUENCE_DEFAULTS, SEQUENCE_MODELS } from './sequence-defaults.js';
import { runSequenceTraining } from './train-sequence-run.js';

const d = SEQUENCE_DEFAULTS;
export const SEQUENCE_TRAIN_HELP = `
Sequence models (the book's second volume): --model ${SEQUENCE_MODELS.join('|')} --data FILE
  Language models (rnnlm, better-rnnlm) read a plain text file (UTF-8) as one long
  corpus: words split at white space with <eos> at each line's end, as the book's
  ptb.py (--level char: every character). seq2seq models read the book's format,
  one example a line, question_answer padded to fixed widths ('16+75  _91  ').
  The defaults are the book's scripts:
    rnnlm              ${d.rnnlm!.script}: word vectors 100, hidden 100, batch 20, time 35,
                       SGD lr 20, gradients clipped to 0.25, 4 epochs
    better-rnnlm       ${d['better-rnnlm']!.script}: 650, 650, dropout 0.5, batch 20, time 35,
                       SGD lr 20, clipped to 0.25, 40 epochs (without the book's lr / 4
                       when the validation perplexity worsens)
    seq2seq            ${d.seq2seq!.script}: word vectors 16, hidden 128, batch 128, Adam
                       lr 0.001, clipped to 5.0, 25 epochs, questions as written
    peeky-seq2seq      the same with is_peeky
    attention-seq2seq  ${d['attention-seq2seq']!.script}: 16, 256, batch 128, Adam 0.001, clipped to
                       5.0, 10 epochs, questions reversed
  A tenth of a seq2seq file (shuffled with the book's seed 1984) is held out and
  its exact-match accuracy printed after every epoch. The model file keeps the
  vocabulary: eval, predict and generate need nothing else.
  --level word|char      a language model's tokens (default word)
  --reverse yes|no       read seq2seq questions reversed (default: as the book's script)
  --hidden N             hidden size H;  --wordvec-size N: word vector size D
  --dropout RATIO        better-rnnlm's dropout (default 0.5)
  --time-size N          language models: time steps per batch (default 35)
  --max-grad X|none      clip the gradients' global norm to X (none: no clipping)
  --validation-split F   seq2seq: the fraction held out for the test accuracy (0.1;
                         0: none); language models: the end of the text held out for
                         the validation perplexity after every epoch (default 0)
  --epochs, --batch-size, --optimizer, --lr, --seed, --out, --json, --quiet,
  --checkpoint-dir (a checkpoint after every epoch), --new-run, --resume and
  --no-nan-guard work as above. --resume continues bit-identically; --epochs may
  extend the run.
`;

const FLAGS = {
  model: 'string', data: 'string', iters: 'string', level: 'string', reverse: 'string', hidden: 'string', 'wordvec-size': 'string', dropout: 'string', 'time-size': 'string',
  'max-grad': 'string', optimizer: 'string', lr: 'string', epochs: 'string', 'batch-size': 'string', seed: 'string', 'validation-split': 'string', out: 'string',
  'checkpoint-dir': 'string', 'new-run': 'boolean', resume: 'string', 'no-nan-guard': 'boolean', json: 'boolean', quiet: 'boolean', debug: 'boolean', help: 'boolean',
} as const;

/** The data a sequence run trains on, read the same way at the start and on resume. */
export type SequenceData =
  | { readonly task: 'language-model'; readonly train: Int32Array; readonly validation: Int32Array | null; readonly vocabulary: SequenceVocabulary; readonly about: string }
  | { readonly task: 'seq2seq'; readonly data: Seq2seqData; readonly vocabulary: SequenceVocabulary; readonly about: string };

/** Reads the run's data file as its settings say. */
function loadSequenceData(cfg: Pick<SequenceRunConfig, 'task' | 'data' | 'validation' | 'extra' | 'batchSize'>): SequenceData {
  const path = cfg.data;
  if (!existsSync(path) || !statSync(path).isFile()) throw new CliError(`--data ${path}: no such file (a ${cfg.task === 'seq2seq' ? 'text in the seq2seq format, question_answer a line' : 'plain text file'})`);
  if (cfg.task === 'language-model') {
    const level = cfg.extra.level as CorpusLevel;
    const timeSize = cfg.extra.timeSize as number;
    const corpus = loadTextCorpus(path, { level });
    const n = corpus.ids.length;
    const held = Math.floor(n * cfg.validation);
    const need = cfg.batchSize * timeSize + 1;
    if (n - held < need) throw new CliError(`--data ${path}: ${n - held} ${level === 'word' ? 'words' : 'characters'} to train on, fewer than one batch needs (--batch-size ${cfg.batchSize} × --time-size ${timeSize} + 1 = ${need}); give a longer text or lower them`);
    if (held > 0 && held < need) throw new CliError(`--validation-split ${cfg.validation}: holds back ${held} ${level === 'word' ? 'words' : 'characters'}, fewer than the ${need} one validation batch needs; give a larger split or 0`);
    const about = `${shownPath(path)}: ${n} ${level === 'word' ? 'words' : 'characters'}, a vocabulary of ${corpus.tokens.length}${held > 0 ? `, the last ${held} held back for validation` : ''}`;
    return { task: 'language-model', train: corpus.ids.slice(0, n - held), validation: held > 0 ? corpus.ids.slice(n - held) : null, vocabulary: { task: 'language-model', level, tokens: corpus.tokens }, about };
  }
  const text = loadSeq2seqText(path, { reverse: cfg.extra.reverse === true, testFraction: cfg.validation });
  const nTrain = text.train.questions.shape[0]!;
  if (cfg.batchSize > nTrain) throw new CliError(`--batch-size ${cfg.batchSize} is larger than the ${nTrain} training examples of ${path}`);
  const nTest = text.test.questions.shape[0]!;
  const [qWidth, aWidth] = [text.questions.shape[1]!, text.answers.shape[1]!];
  const vocabulary: SequenceVocabulary = { task: 'seq2seq', tokens: text.vocab.chars, startId: text.startId, reversed: text.reversed, questionWidth: qWidth, answerWidth: aWidth };
  const about = `${shownPath(path)}: ${nTrain} training and ${nTest} test examples, ${text.vocab.size} characters${text.reversed ? ', questions reversed' : ''}`;
  return { task: 'seq2seq', data: nTest > 0 ? { train: text.train, test: text.test } : { train: text.train }, vocabulary, about };
}

const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });

/** The settings and model of a fresh run, from the flags and the book's defaults for the kind. */
function freshRun(f: Flags, name: string, runId: string, out: string): { config: SequenceRunConfig; data: SequenceData; model: SequenceModel } {
  const def = SEQUENCE_DEFAULTS[name]!;
  const dataFlag = f.str('data');
  if (dataFlag === undefined) throw new CliError(`--model ${name} needs --data FILE (${def.task === 'seq2seq' ? "the book's seq2seq text, e.g. '16+75  _91  ' a line" : 'a plain text file'})`);
  if (f.str('iters') !== undefined) throw new CliError(`--iters: sequence models train for --epochs (${name}: ${def.epochs} by default)`);
  const lm = def.task === 'language-model';
  for (const [flag, ok] of [['level', lm], ['time-size', lm], ['reverse', !lm], ['dropout', name === 'better-rnnlm']] as const) {
    if (f.str(flag) !== undefined && !ok) throw new CliError(`--${flag} goes with --model ${flag === 'dropout' ? 'better-rnnlm' : lm ? 'seq2seq, peeky-seq2seq or attention-seq2seq' : 'rnnlm or better-rnnlm'}, not ${name}`);
  }
  const seed = intFlag('seed', f.str('seed'), 0, 0);
  const optimizer = choiceFlag('optimizer', f.str('optimizer'), OPTIMIZER_NAMES, def.optimizer);
  const lr = positiveFlag('lr', f.str('lr'), optimizer === def.optimizer ? def.lr : makeOptimizer(optimizer).hyper.lr!);
  const maxGradText = f.str('max-grad');
  const maxGrad = maxGradText === 'none' ? null : positiveFlag('max-grad', maxGradText, def.maxGrad);
  const validationText = f.str('validation-split');
  const validation = validationText === undefined ? (lm ? 0 : 0.1) : Number(validationText);
  if (validationText !== undefined && (validationText.trim() === '' || !(validation >= 0 && validation < 1))) throw new CliError(`--validation-split must be a fraction in [0, 1) such as 0.1 (0: none), got '${validationText}'`);
  const extra: Record<string, string | number | boolean> = lm
    ? { level: choiceFlag('level', f.str('level'), ['word', 'char'] as const, 'word'), timeSize: intFlag('time-size', f.str('time-size'), def.timeSize!) }
    : { reverse: choiceFlag('reverse', f.str('reverse'), ['yes', 'no'] as const, def.reverse ? 'yes' : 'no') === 'yes' };
  const batchSize = intFlag('batch-size', f.str('batch-size'), def.batchSize);
  const base = { task: def.task, data: resolve(dataFlag), validation, extra, batchSize };
  const data = loadSequenceData(base);
  const model = buildSequenceModel(name, {
    vocabSize: data.vocabulary.tokens.length,
    wordvecSize: intFlag('wordvec-size', f.str('wordvec-size'), def.wordvecSize),
    hiddenSize: intFlag('hidden', f.str('hidden'), def.hiddenSize),
    seed,
    ...optional('dropoutRatio', name === 'better-rnnlm' ? (f.str('dropout') === undefined ? def.dropout : ratioFlag('dropout', f.str('dropout')!)) : undefined),
  });
  const config: SequenceRunConfig = {
    ...base, runId, model: model.config(), optimizer: { name: optimizer, hyper: makeOptimizer(optimizer, lr).hyper },
    epochs: intFlag('epochs', f.str('epochs'), def.epochs), seed, maxGrad, out: resolve(out),
    extra: { ...extra, tokens: JSON.stringify(data.vocabulary.tokens) },
  };
  return { config, data, model };
}

/** Refuses flags that contradict the checkpoint being resumed. */
function checkResumeFlags(f: Flags, c: SequenceCheckpoint): void {
  const cfg = c.config;
  const conflicts: string[] = [];
  const same = (flag: string, saved: unknown) => {
    const given = f.str(flag);
    if (given !== undefined && String(saved) !== given) conflicts.push(`--${flag} ${given} (the checkpoint has ${saved})`);
  };
  same('model', cfg.model.model);
  same('batch-size', cfg.batchSize);
  same('seed', cfg.seed);
  same('optimizer', cfg.optimizer.name);
  same('lr', cfg.optimizer.hyper.lr);
  same('validation-split', cfg.validation);
  same('max-grad', cfg.maxGrad ?? 'none');
  for (const flag of ['hidden', 'wordvec-size', 'dropout', 'level', 'time-size', 'reverse']) if (f.str(flag) !== undefined) conflicts.push(`--${flag} (the model and its data settings come from the checkpoint)`);
  if (f.str('data') !== undefined && resolve(f.str('data')!) !== cfg.data) conflicts.push(`--data ${f.str('data')} (the run trains on ${cfg.data}; leave --data out)`);
  if (f.str('out') !== undefined && resolve(f.str('out')!) !== cfg.out) conflicts.push(`--out ${f.str('out')} (the run saves ${cfg.out}; leave --out out)`);
  if (f.bool('new-run')) conflicts.push('--new-run (a resumed run is not a new one)');
  if (conflicts.length > 0) throw new CliError(`--resume ${c.path}: these flags contradict the checkpoint: ${conflicts.join('; ')}`);
}

/** A resumed run: the model, settings and data from the checkpoint; --epochs may extend it. */
function resumedRun(f: Flags, c: SequenceCheckpoint): { config: SequenceRunConfig; data: SequenceData; model: SequenceModel } {
  checkResumeFlags(f, c);
  let model: SequenceModel;
  try {
    model = sequenceModelFromConfig(c.config.model);
    model.setParams(c.params);
  } catch (e) {
    if (e instanceof ValueError) throw new CliError(`--resume ${c.path}: the checkpoint's model does not rebuild: ${e.message}`);
    throw e;
  }
  const epochs = intFlag('epochs', f.str('epochs'), c.config.epochs);
  const config = { ...c.config, epochs };
  const data = loadSequenceData(config);
  if (JSON.stringify(data.vocabulary.tokens) !== c.config.extra.tokens) throw new CliError(`--resume ${c.path}: ${c.config.data} is not the text the run started on (its vocabulary differs); resume with the same file, or start a new run`);
  return { config, data, model };
}

/** `scratchnet train` for a sequence model (a fresh run, or --resume of a sequence checkpoint). */
export async function sequenceTrainCommand(argv: readonly string[]): Promise<void> {
  const f = parse('train', argv, FLAGS);
  if (f.bool('help')) {
    process.stdout.write(`Usage: scratchnet train --model ${SEQUENCE_MODELS.join('|')} --data FILE [options]\n${SEQUENCE_TRAIN_HELP}`);
    return;
  }
  if (f.str('out') !== undefined) checkOutputFile('out', f.str('out')!);
  const dirFlag = f.str('checkpoint-dir');
  if (dirFlag !== undefined) checkOutputDir('checkpoint-dir', dirFlag);
  const resumePath = f.str('resume');
  let checkpoint: SequenceCheckpoint | null = null;
  let checkpointDir = dirFlag ?? null;
  if (resumePath !== undefined) {
    checkpoint = loadLatestSequenceCheckpoint(resumePath, (path, why) => process.stderr.write(`warning: skipping ${path}: ${why}\n`));
    const home = statSync(resumePath).isDirectory() ? resumePath : dirname(resumePath);
    checkpointDir ??= home;
  } else if (f.bool('new-run') && dirFlag === undefined) throw new CliError('--new-run goes with --checkpoint-dir (the folder that holds another run)');
  const runId = checkpoint?.config.runId ?? newRunId();
  if (checkpointDir !== null) {
    const others = [...runsIn(checkpointDir).keys()].filter((id) => id !== runId);
    if (others.length > 0 && !(checkpoint === null && f.bool('new-run'))) {
      throw new CliError(`--checkpoint-dir ${checkpointDir} holds checkpoints of another run (${others.join(', ')}); resume it with '${invokedAs()} train --resume ${checkpointDir}', choose another folder, or add --new-run`);
    }
  }
  const out = checkpoint?.config.out ?? f.str('out') ?? 'model.safetensors';
  if (f.str('out') === undefined) checkOutputFile('out', out);
  const run = checkpoint !== null ? resumedRun(f, checkpoint) : freshRun(f, f.str('model')!, runId, out);
  if (checkpoint !== null && run.config.epochs < checkpoint.state.history.length) {
    throw new CliError(`--resume ${checkpoint.path}: the checkpoint is after epoch ${checkpoint.state.history.length}, past the ${run.config.epochs} epochs asked for`);
  }
  await runSequenceTraining({ ...run, checkpoint, checkpointDir, nanGuard: !f.bool('no-nan-guard'), json: f.bool('json'), quiet: f.bool('quiet') });
}
