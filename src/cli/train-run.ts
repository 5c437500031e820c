import { mkdirSync } from 'node:fs';
import { getBackend } from '../backend/index.js';
import type { Mnist } from '../node/mnist-files.js';
import { modelFileBytes } from '../formats/model-bytes.js';
import { trainingPlotSvg } from '../plot/svg.js';
import type { Model } from '../models/model.js';
import { runsIn, saveCheckpoint } from '../node/checkpoint-files.js';
import { makeOptimizer } from '../optimizers/index.js';
import type { Checkpoint, RunConfig } from '../train/checkpoint.js';
import { TrainingDivergedError } from '../train/nan-guard.js';
import { Trainer, type EpochRecord } from '../train/trainer.js';
import { describeModel, invokedAs, out, shownPath } from './common.js';
import { fileSystemMessage, writeOutputs } from './outputs.js';
import { ProgressBar, formatDuration } from './progress.js';

export interface RunSettings {
  readonly config: RunConfig;
  readonly model: Model;
  readonly data: Mnist;
  readonly checkpoint: Checkpoint | null;
  readonly checkpointDir: string | null;
  readonly checkpointEvery: number;
  readonly nanGuard: boolean;
  readonly outPath: string;
  readonly plotPath: string | null;
  readonly dataDir: string | null;
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
  const onEpoch = (r: EpochRecord): void => {
    if (json) out(JSON.stringify({ epoch: r.epoch, iter: r.iter, loss: r.loss, trainAcc: r.trainAcc, testAcc: r.testAcc, seconds: round(r.seconds) }));
    else if (human) {
      bar?.clear();
      out(`epoch ${String(r.epoch).padStart(2)}  iter ${String(r.iter).padStart(6)}  loss ${r.loss.toFixed(4)}  train acc ${r.trainAcc!.toFixed(4)}  test acc ${r.testAcc!.toFixed(4)}  (${formatDuration(r.seconds)})`);
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
    ...(bar ? { onIteration: ({ iter, iters, loss }: { iter: number; iters: number; loss: number }) => bar.update(iter, iters, loss, iter === iters) } : human ? { onIteration: plainProgress } : {}),
  });
  if (s.checkpoint) trainer.restore(s.checkpoint.state);
  const lr = config.optimizer.hyper.lr;
  if (human) {
    const what = s.checkpoint ? `resuming ${shownPath(s.checkpoint.path)} at iteration ${trainer.iteration}: ` : '';
    out(`scratchnet train: ${what}${describeModel(model)}, ${config.optimizer.name} lr ${lr}, batch ${config.batchSize}, ${trainer.iters} iterations (${(trainer.iters / trainer.perEpoch).toFixed(1)} epochs of ${trainer.perEpoch}), seed ${config.seed}`);
    out(`data: MNIST, ${data.train.images.shape[0]} training and ${data.test.images.shape[0]} test images${s.dataDir ? ` from ${s.dataDir}` : ''}; kernels: ${getBackend().name}; run ${config.runId || '(no id)'}`);
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
  const files = [{ path: s.outPath, bytes: modelFileBytes(model, { 'scratchnet.trained': JSON.stringify({ iters: result.iters, testAcc: result.testAcc, seed: config.seed, run: config.runId }) }) }];
  if (s.plotPath !== null) {
    const svg = trainingPlotSvg({ ...result, title: `${describeModel(model)}, ${config.optimizer.name} lr ${lr}, batch ${config.batchSize}` });
    files.push({ path: s.plotPath, bytes: new TextEncoder().encode(svg) });
  }
  writeOutputs(files);
  if (json) {
    out(JSON.stringify({ model: s.modelName, iters: result.iters, epochs: round(result.epochs), trainAcc: result.trainAcc, testAcc: result.testAcc, loss: result.loss, seconds: round(result.seconds) }));
  } else {
    out(`done: test accuracy ${result.testAcc!.toFixed(4)}, train accuracy ${result.trainAcc!.toFixed(4)}, ${result.iters} iterations in ${formatDuration(result.seconds)}`);
    if (!quiet) out(`saved the model to ${shownPath(s.outPath)}${s.plotPath ? ` and the curves to ${s.plotPath}` : ''}`);
  }
}
