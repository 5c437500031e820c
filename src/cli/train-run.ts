import { mkdirSync } from 'node:fs';
import { getBackend } from '../backend/index.js';
import { modelFileBytes } from '../formats/model-bytes.js';
import type { Evaluation } from '../metrics/evaluate.js';
import type { Scores } from '../metrics/metric-names.js';
import { taskOf } from '../models/loss.js';
import { Predictor } from '../models/predictor.js';
import { trainingPlotSvg } from '../plot/svg.js';
import type { Model } from '../models/model.js';
import { runsIn, saveCheckpoint } from '../node/checkpoint-files.js';
import { makeOptimizer } from '../optimizers/index.js';
import type { Checkpoint, RunConfig } from '../train/checkpoint.js';
import type { EarlyStoppingOptions } from '../train/early-stopping.js';
import { TrainingDivergedError } from '../train/nan-guard.js';
import { Trainer, type EpochRecord, type Split, type TrainData, type TrainResult } from '../train/trainer.js';
import { describeModel, invokedAs, out, shownPath } from './common.js';
import type { OwnData } from './data-source.js';
import { fileSystemMessage, writeOutputs } from './outputs.js';
import { ProgressBar, formatDuration } from './progress.js';
import { unitNumber } from './report.js';

export interface RunSettings {
  readonly config: RunConfig;
  readonly model: Model;
  readonly data: TrainData;
  /** The user's own data (null for MNIST): its preprocessing goes into the model file. */
  readonly own: OwnData | null;
  /** A fraction of the training data to hold back (MNIST), or the validation split made with the preprocessing (own data). */
  readonly validation: number | Split | undefined;
  /** What the data is, for the header. */
  readonly dataLine: string;
  readonly checkpoint: Checkpoint | null;
  readonly checkpointDir: string | null;
  readonly checkpointEvery: number;
  readonly nanGuard: boolean;
  readonly outPath: string;
  readonly plotPath: string | null;
  readonly json: boolean;
  readonly quiet: boolean;
  readonly modelName: string;
}

/** Thrown to end the command with a given exit code after its output is written (Ctrl-C: 130). */
export class ExitRequest extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Where Ctrl-C saves when the run has no --checkpoint-dir. */
const INTERRUPT_DIR = 'scratchnet-checkpoints';

/**
 * The training loop of `scratchnet train`: steps the Trainer, yields to the
 * event loop every 50 ms so that Ctrl-C is seen, writes checkpoints, and on
 * Ctrl-C saves one and exits 130 with the command that resumes.
 */
export async function runTraining(s: RunSettings): Promise<void> {
  const { config, model, data, json, quiet } = s;
  const human = !json && !quiet;
  const bar = human && process.stderr.isTTY ? new ProgressBar(process.stderr) : null;
  const regression = taskOf(model.lossName) === 'regression';
  const onEpoch = (r: EpochRecord): void => {
    if (json) out(JSON.stringify(epochJson(r, regression, config.schedule !== undefined)));
    else if (human) {
      bar?.clear();
      out(epochLine(r, regression, config.schedule !== undefined));
    }
  };
  // not a terminal (a log file, CI): a plain progress line at most every 30 s, so long runs are not silent
  const started = performance.now();
  let lastLine = started;
  const plainProgress = ({ iter, iters, loss }: { iter: number; iters: number; loss: number }) => {
    const now = performance.now();
    if (now - lastLine < 30_000 || iter === iters) return;
    lastLine = now;
    const rate = (iter - (s.checkpoint?.state.iteration ?? 0)) / ((now - started) / 1000);
    out(`  iter ${String(iter).padStart(6)}/${iters}  loss ${loss.toFixed(4)}  ${rate.toFixed(1)} it/s  ETA ${formatDuration((iters - iter) / rate)}`);
  };
  const optimizer = makeOptimizer(config.optimizer.name, config.optimizer.hyper.lr);
  const trainer = new Trainer(model, data, {
    optimizer,
    iters: config.iters,
    batchSize: config.batchSize,
    seed: config.seed,
    sampling: config.sampling as 'shuffle' | 'random',
    nanGuard: s.nanGuard,
    onEpoch,
    ...(s.validation !== undefined ? { validation: s.validation } : {}),
    ...(config.earlyStopping !== undefined ? { earlyStopping: config.earlyStopping } : {}),
    ...(config.schedule !== undefined ? { schedule: config.schedule } : {}),
    ...(bar ? { onIteration: ({ iter, iters, loss }: { iter: number; iters: number; loss: number }) => bar.update(iter, iters, loss, iter === iters) } : human ? { onIteration: plainProgress } : {}),
  });
  if (s.checkpoint) trainer.restore(s.checkpoint.state);
  const lr = config.optimizer.hyper.lr;
  if (human) {
    const what = s.checkpoint ? `resuming ${shownPath(s.checkpoint.path)} at iteration ${trainer.iteration}: ` : '';
    const length = config.earlyStopping !== undefined ? `up to ${Math.ceil(trainer.iters / trainer.perEpoch)} epochs of ${trainer.perEpoch} iterations` : `${trainer.iters} iterations (${(trainer.iters / trainer.perEpoch).toFixed(1)} epochs of ${trainer.perEpoch})`;
    const es = config.earlyStopping;
    const stopping = es !== undefined ? `, early stopping after ${es.patience} epochs without a lower validation loss${es.minDelta ? ` (by more than ${es.minDelta})` : ''}` : '';
    const schedule = config.schedule !== undefined ? `, schedule ${JSON.stringify(config.schedule).replace(/[{}"]/g, '').replace(/,/g, ', ').replace(/:/g, ' ')}` : '';
    out(`scratchnet train: ${what}${describeModel(model)}, ${config.optimizer.name} lr ${lr}, batch ${config.batchSize}, ${length}${stopping}${schedule}, seed ${config.seed}`);
    out(`data: ${s.dataLine}; kernels: ${getBackend().name}; run ${config.runId || '(no id)'}`);
    if (s.own !== null) out(`task: ${s.own.task} (${s.own.taskReason})`);
    else if (trainer.validation !== null) out(`validation: ${trainer.validation.images.shape[0]} of the training images held back (stratified by class)`);
  }

  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  let lastCheckpoint: string | null = null;
  const checkpoint = (dir: string) => {
    mkdirSync(dir, { recursive: true });
    lastCheckpoint = saveCheckpoint(dir, trainer, config);
  };
  try {
    let lastYield = performance.now();
    while (!trainer.done) {
      try {
        trainer.step();
      } catch (e) {
        if (e instanceof TrainingDivergedError) {
          e.message += lastCheckpoint !== null ? `. The last good checkpoint is ${shownPath(lastCheckpoint)}` : '';
          e.message += `. No model was saved (--no-nan-guard trains on regardless)`;
        }
        throw e;
      }
      if (s.checkpointDir !== null && (trainer.iteration % s.checkpointEvery === 0 || trainer.done)) checkpoint(s.checkpointDir);
      if (performance.now() - lastYield > 50) {
        await new Promise((r) => setImmediate(r));
        lastYield = performance.now();
      }
      if (interrupted && !trainer.done) {
        bar?.clear();
        const dir = s.checkpointDir ?? INTERRUPT_DIR;
        try {
          checkpoint(dir);
        } catch (e) {
          process.stderr.write(`interrupted at iteration ${trainer.iteration} of ${trainer.iters}; could not save a checkpoint: ${fileSystemMessage(e) ?? (e as Error).message}\n`);
          throw new ExitRequest(130);
        }
        // a folder that holds only this run resumes as a folder; otherwise name the file
        const target = runsIn(dir).size === 1 ? dir : lastCheckpoint!;
        process.stderr.write(`interrupted at iteration ${trainer.iteration} of ${trainer.iters}; saved ${shownPath(lastCheckpoint!)}\nresume with: ${invokedAs()} train --resume ${shownPath(target)}\n`);
        throw new ExitRequest(130);
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  bar?.clear();
  const result = trainer.result();
  const predictor = s.own === null ? null : new Predictor(model, s.own.preprocessing);
  // the own data's figures as the user's data has them: a regression's errors in the target's units
  const final = predictor === null ? null : { train: s.own!.evaluate(predictor, 'train'), validation: s.own!.validation === null ? null : s.own!.evaluate(predictor, 'validation') };
  const trained = { iters: result.iters, testAcc: result.testAcc, seed: config.seed, run: config.runId, ...(final ? { train: figures(final.train), validation: final.validation && figures(final.validation) } : {}) };
  const files = [{ path: s.outPath, bytes: modelFileBytes(predictor ?? model, { 'scratchnet.trained': JSON.stringify(trained) }) }];
  if (s.plotPath !== null) {
    const svg = trainingPlotSvg({ ...result, title: `${describeModel(model)}, ${config.optimizer.name} lr ${lr}, batch ${config.batchSize}` });
    files.push({ path: s.plotPath, bytes: new TextEncoder().encode(svg) });
  }
  writeOutputs(files);
  if (json) {
    const stopping = trainer.validation !== null ? { validation: final?.validation ? figures(final.validation) : result.validation, stopReason: result.stopReason, bestEpoch: result.bestEpoch } : {};
    const task = final === null ? {} : { task: taskOf(model.lossName) };
    const train = final === null ? {} : { train: figures(final.train) };
    out(JSON.stringify({ model: s.modelName, ...task, iters: result.iters, epochs: round(result.epochs), trainAcc: result.trainAcc, testAcc: result.testAcc, loss: result.loss, ...train, ...stopping, seconds: round(result.seconds) }));
    return;
  }
  if (!quiet) for (const line of stoppingLines(result, config.earlyStopping)) out(line);
  out(final === null ? doneLine(result) : ownDoneLine(result, final, s.own!));
  if (!quiet) {
    out(`saved the model to ${shownPath(s.outPath)}${s.own === null ? '' : ' with its preprocessing'}${s.plotPath ? ` and the curves to ${s.plotPath}` : ''}`);
    if (s.own !== null) {
      const what = s.own.preprocessing.kind === 'image' ? 'IMAGE...' : `--data ${s.own.preprocessing.kind === 'table' ? 'ROWS.csv' : 'X.npz'}`;
      out(`answers in ${s.own.task === 'regression' ? 'the target\'s units' : 'class names'}: ${invokedAs()} predict --model ${shownPath(s.outPath)} ${what}`);
    }
  }
}

/** One epoch as JSON: the book's keys, then the validation figures, a regression's metrics and the learning rate when the run has them. */
function epochJson(r: EpochRecord, regression: boolean, schedule: boolean): Record<string, unknown> {
  return {
    epoch: r.epoch, iter: r.iter, loss: r.loss, trainAcc: r.trainAcc, testAcc: r.testAcc,
    ...(regression ? { train: r.train } : {}),
    ...(r.validation !== null ? { validation: r.validation } : {}),
    ...(schedule ? { lr: r.lr } : {}),
    seconds: round(r.seconds),
  };
}

/** One epoch as a line: loss, accuracies (a regression: R²), the validation figures and the learning rate when the run has them. */
function epochLine(r: EpochRecord, regression: boolean, schedule: boolean): string {
  const parts = [`epoch ${String(r.epoch).padStart(2)}`, `iter ${String(r.iter).padStart(6)}`, `loss ${r.loss.toFixed(4)}`];
  const metric = regression ? 'r2' : 'accuracy';
  const name = regression ? 'R²' : 'acc';
  parts.push(`train ${name} ${fmt(r.train[metric])}`);
  if (r.test !== null) parts.push(`test ${name} ${fmt(r.test[metric])}`);
  if (r.validation !== null) parts.push(`val ${name} ${fmt(r.validation[metric])}`, `val loss ${fmt(r.validation.loss)}`);
  if (schedule) parts.push(`lr ${Number(r.lr.toPrecision(3))}`);
  return `${parts.join('  ')}  (${formatDuration(r.seconds)})`;
}

const fmt = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(4));

/** The figures of a split as the summary gives them: a classifier's loss and accuracy, a regression's errors in the target's units. */
function figures(e: Evaluation): Scores {
  return e.task === 'classification' ? { loss: e.loss, accuracy: e.accuracy } : { mse: e.mse, mae: e.mae, r2: e.r2 };
}

/** Why the run stopped early, and whose weights the model holds. */
function stoppingLines(result: TrainResult, es: EarlyStoppingOptions | undefined): string[] {
  const lines: string[] = [];
  const last = result.history.at(-1)?.epoch;
  const by = es?.minDelta ? ` (by more than ${es.minDelta})` : '';
  if (result.stopReason === 'early-stopping') lines.push(`early stopping: no lower validation loss${by} for ${es?.patience} epochs, stopped after epoch ${last}`);
  if (result.bestEpoch !== null && result.bestEpoch !== last) lines.push(`kept the weights of epoch ${result.bestEpoch} (validation loss ${fmt(result.validation?.loss)})`);
  return lines;
}

function doneLine(result: TrainResult): string {
  const acc = (name: string, v: number | null) => (v === null ? [] : [`${name} accuracy ${v.toFixed(4)}`]);
  const figures = [...acc('test', result.testAcc), ...acc('validation', result.validation?.accuracy ?? null), ...acc('train', result.trainAcc)];
  return `done: ${figures.join(', ')}, ${result.iters} iterations in ${formatDuration(result.seconds)}`;
}

function ownDoneLine(result: TrainResult, final: { train: Evaluation; validation: Evaluation | null }, own: OwnData): string {
  const about = (name: string, e: Evaluation) => (e.task === 'classification' ? `${name} accuracy ${e.accuracy.toFixed(4)}` : `${name} R² ${e.r2.toFixed(4)}, MAE ${unitNumber(e.mae)}, RMSE ${unitNumber(Math.sqrt(e.mse))}`);
  const parts = [...(final.validation ? [about('validation', final.validation)] : []), about('train', final.train)];
  const units = own.task === 'regression' ? ` (errors in the target's units)` : '';
  return `done: ${parts.join('; ')}${units}; ${result.iters} iterations in ${formatDuration(result.seconds)}`;
}
