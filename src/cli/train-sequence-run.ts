/** The training loop of `scratchnet train` for sequence models: steps, a checkpoint after every epoch, Ctrl-C, the NaN guard, the model file with its vocabulary. */
import { mkdirSync } from 'node:fs';
import { getBackend } from '../backend/index.js';
import { modelFileBytes } from '../formats/model-bytes.js';
import { vocabularyMetadata } from '../formats/sequence-vocabulary.js';
import { MODEL_KINDS } from '../models/kinds.js';
import type { LanguageModel, Seq2seqModel, SequenceModel } from '../models/sequence-model.js';
import { saveSequenceCheckpoint } from '../node/sequence-checkpoint-files.js';
import { makeOptimizer } from '../optimizers/index.js';
import { LanguageModelTrainer, type LanguageModelEpoch } from '../train/language-model-trainer.js';
import { TrainingDivergedError } from '../train/nan-guard.js';
import { Seq2seqTrainer, type Seq2seqEpoch } from '../train/seq2seq-trainer.js';
import type { SequenceCheckpoint, SequenceRunConfig } from '../train/sequence-checkpoint.js';
import { invokedAs, out, shownPath } from './common.js';
import { writeOutputs } from './outputs.js';
import { formatDuration } from './progress.js';
import type { SequenceData } from './train-sequence.js';
import { ExitRequest } from './train-run.js';

export interface SequenceRunSettings {
  readonly config: SequenceRunConfig;
  readonly data: SequenceData;
  readonly model: SequenceModel;
  readonly checkpoint: SequenceCheckpoint | null;
  readonly checkpointDir: string | null;
  readonly nanGuard: boolean;
  readonly json: boolean;
  readonly quiet: boolean;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const fmt = (v: number | null) => (v === null ? '-' : v.toFixed(4));

/** One epoch as JSON, the classifier's keys where they mean the same: epoch, iter, loss, then the task's figures, seconds. */
function epochJson(r: LanguageModelEpoch | Seq2seqEpoch): Record<string, unknown> {
  const figures = 'testAcc' in r ? { testAcc: r.testAcc } : { perplexity: r.perplexity, ...(r.validationPerplexity !== null ? { validationPerplexity: r.validationPerplexity } : {}) };
  return { epoch: r.epoch, iter: r.iter, loss: r.loss, ...figures, seconds: round(r.seconds) };
}

function epochLine(r: LanguageModelEpoch | Seq2seqEpoch): string {
  const parts = [`epoch ${String(r.epoch).padStart(2)}`, `iter ${String(r.iter).padStart(6)}`, `loss ${r.loss.toFixed(4)}`];
  if ('testAcc' in r) parts.push(`test exact-match ${fmt(r.testAcc)}`);
  else parts.push(`perplexity ${r.perplexity.toFixed(2)}`, ...(r.validationPerplexity !== null ? [`val perplexity ${r.validationPerplexity.toFixed(2)}`] : []));
  return `${parts.join('  ')}  (${formatDuration(r.seconds)})`;
}

export async function runSequenceTraining(s: SequenceRunSettings): Promise<void> {
  const { config, data, model, json, quiet } = s;
  const human = !json && !quiet;
  const onEpoch = (r: LanguageModelEpoch | Seq2seqEpoch): void => {
    if (json) out(JSON.stringify(epochJson(r)));
    else if (human) out(epochLine(r));
  };
  const optimizer = makeOptimizer(config.optimizer.name, config.optimizer.hyper.lr);
  const common = { optimizer, epochs: config.epochs, batchSize: config.batchSize, maxGrad: config.maxGrad, nanGuard: s.nanGuard, onEpoch };
  const trainer =
    data.task === 'language-model'
      ? new LanguageModelTrainer(model as LanguageModel, data.train, { ...common, timeSize: config.extra.timeSize as number, ...(data.validation !== null ? { validation: data.validation } : {}) })
      : new Seq2seqTrainer(model as Seq2seqModel, data.data, { ...common, seed: config.seed });
  if (s.checkpoint !== null) {
    if (s.checkpoint.task === 'language-model') (trainer as LanguageModelTrainer).restore(s.checkpoint.state);
    else (trainer as Seq2seqTrainer).restore(s.checkpoint.state);
  }
  if (human) {
    const what = s.checkpoint ? `resuming ${shownPath(s.checkpoint.path)} at iteration ${trainer.iteration}: ` : '';
    const clip = config.maxGrad === null ? 'no clipping' : `gradients clipped to ${config.maxGrad}`;
    const time = data.task === 'language-model' ? `, time ${config.extra.timeSize}` : '';
    out(`scratchnet train: ${what}${MODEL_KINDS.get(String(config.model.model))?.describe(config.model) ?? String(config.model.model)}, ${config.optimizer.name} lr ${config.optimizer.hyper.lr}, batch ${config.batchSize}${time}, ${clip}, ${config.epochs} epochs of ${trainer.perEpoch} iterations, seed ${config.seed}`);
    out(`data: ${data.about}; kernels: ${getBackend().name}; run ${config.runId}`);
  }
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  let lastCheckpoint: string | null = null;
  const save = (dir: string) => {
    mkdirSync(dir, { recursive: true });
    lastCheckpoint = saveSequenceCheckpoint(dir, trainer, config);
  };
  try {
    let lastYield = performance.now();
    while (!trainer.done) {
      try {
        trainer.step();
      } catch (e) {
        if (e instanceof TrainingDivergedError) {
          e.message = e.message.replace('(maxGrad, e.g. 5)', '(--max-grad 5)');
          e.message += lastCheckpoint !== null ? `. The last good checkpoint is ${shownPath(lastCheckpoint)}` : '';
          e.message += '. No model was saved (--no-nan-guard trains on regardless)';
        }
        throw e;
      }
      const epochEnd = trainer.iteration % trainer.perEpoch === 0 || trainer.done;
      if (s.checkpointDir !== null && epochEnd) save(s.checkpointDir);
      if (performance.now() - lastYield > 50) {
        await new Promise((r) => setImmediate(r));
        lastYield = performance.now();
      }
      if (interrupted && !trainer.done) {
        // a language model carries its LSTM state within an epoch: only an epoch's end resumes exactly
        if (data.task === 'seq2seq') save(s.checkpointDir ?? 'scratchnet-checkpoints');
        const at = `interrupted at iteration ${trainer.iteration} of ${trainer.iters}`;
        if (lastCheckpoint === null) process.stderr.write(`${at}; no checkpoint yet (a language model saves one after each epoch with --checkpoint-dir)\n`);
        else process.stderr.write(`${at}; ${data.task === 'seq2seq' ? 'saved' : 'the last checkpoint (the end of an epoch) is'} ${shownPath(lastCheckpoint)}\nresume with: ${invokedAs()} train --resume ${shownPath(lastCheckpoint)}\n`);
        throw new ExitRequest(130);
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  const result = trainer.result();
  const last = result.history.at(-1)!;
  const figures = 'testAcc' in last ? { testAcc: last.testAcc } : { perplexity: last.perplexity, validationPerplexity: last.validationPerplexity };
  const trained = { iters: result.iters, epochs: result.history.length, ...figures, seed: config.seed, run: config.runId };
  writeOutputs([{ path: config.out, bytes: modelFileBytes(model, { ...vocabularyMetadata(data.vocabulary), 'scratchnet.trained': JSON.stringify(trained) }) }]);
  if (json) {
    out(JSON.stringify({ model: String(config.model.model), task: data.task, iters: result.iters, epochs: round(result.iters / trainer.perEpoch), loss: last.loss, ...figures, seconds: round(result.seconds) }));
    return;
  }
  const done = 'testAcc' in last ? `test exact-match accuracy ${fmt(last.testAcc)}` : `perplexity ${last.perplexity.toFixed(2)}${last.validationPerplexity !== null ? `, validation perplexity ${last.validationPerplexity.toFixed(2)}` : ''}`;
  out(`done: ${done}, ${result.iters} iterations in ${formatDuration(result.seconds)}`);
  if (!quiet) {
    out(`saved the model and its vocabulary to ${shownPath(config.out)}`);
    out(data.task === 'seq2seq' ? `answers: ${invokedAs()} predict --model ${shownPath(config.out)} "QUESTION"` : `samples: ${invokedAs()} generate --model ${shownPath(config.out)} --start WORD --length 50`);
  }
}
