/**
 * The worker side of {@link trainInWorker}: the library's Trainer, stepped in slices of `progressMs`
 * so that pause, resume, stop and snapshot messages get through between them.
 */
import { getBackend } from '../backend/index.js';
import { modelFileBytes, modelFromSafetensors } from '../formats/model-bytes.js';
import type { Model } from '../models/model.js';
import { makeOptimizer } from '../optimizers/index.js';
import { Trainer } from '../train/trainer.js';
import type { Split, TrainOptions } from '../train/train-types.js';
import { inspectModel } from '../inspect/inspect-model.js';
import { unpackSplit, type FromWorker, type ToWorker, type WorkerOptions } from './worker-messages.js';

/** What the worker needs of its global scope (a DedicatedWorkerGlobalScope has it). */
export interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => unknown) | null;
}

function trainOptions(o: WorkerOptions, onEpoch: TrainOptions['onEpoch']): TrainOptions {
  const { optimizer, validation, progressMs: _progressMs, inspect: _inspect, ...rest } = o;
  const opt = optimizer === undefined ? undefined : typeof optimizer === 'string' ? makeOptimizer(optimizer) : makeOptimizer(optimizer.name, optimizer.lr);
  return {
    ...rest,
    ...(opt === undefined ? {} : { optimizer: opt }),
    ...(validation === undefined ? {} : { validation: typeof validation === 'number' ? validation : unpackSplit(validation) }),
    onEpoch,
  };
}

/** Answers {@link trainInWorker}'s messages in this worker: one run at a time, any number of runs. */
export function serveTraining(scope: WorkerScope): void {
  let trainer: Trainer | null = null;
  let model: Model | null = null;
  let running = false;
  let sliceMs = 50;
  /** The recent slices' [milliseconds, iterations], for a speed that an epoch's evaluation does not jolt. */
  let recent: [number, number][] = [];
  const post = (m: FromWorker, transfer: Transferable[] = []) => scope.postMessage(m, transfer);
  const fail = (e: unknown) => {
    running = false;
    trainer = null;
    const err = e instanceof Error ? e : new Error(String(e));
    const extra = err as Partial<{ iteration: number; where: string }>;
    post({ type: 'error', name: err.name, message: err.message, ...(extra.iteration === undefined ? {} : { iteration: extra.iteration }), ...(extra.where === undefined ? {} : { where: extra.where }) });
  };
  const bytes = () => {
    const b = modelFileBytes(model!);
    return { b, transfer: [b.buffer as ArrayBuffer] };
  };
  const finish = () => {
    const t = trainer!;
    const { b, transfer } = bytes();
    post({ type: 'done', result: t.history.length === 0 ? null : t.result(), model: b }, transfer);
    running = false;
    trainer = null;
  };

  const loop = () => {
    const t = trainer;
    if (!running || t === null) return;
    const start = performance.now();
    const from = t.lossHistory.length;
    try {
      while (performance.now() - start < sliceMs && !t.done) t.step();
    } catch (e) {
      fail(e);
      return;
    }
    const losses = t.lossHistory.slice(from);
    if (losses.length > 0) {
      recent = [...recent.slice(-19), [performance.now() - start, losses.length]];
      const [ms, its] = recent.reduce(([a, b], [m, i]) => [a + m, b + i], [0, 0]);
      const progress = { iter: t.iteration, iters: t.iters, epoch: t.iteration / t.perEpoch, epochs: t.iters / t.perEpoch, loss: losses[losses.length - 1]!, losses, itPerSec: (1000 * its) / ms, kernels: getBackend().name };
      post({ type: 'progress', progress });
    }
    if (t.done) finish();
    else setTimeout(loop, 0);
  };

  scope.onmessage = (e) => {
    const m = e.data;
    try {
      if (m.type === 'start') {
        if (trainer !== null) throw new Error('trainInWorker: this worker is already training; one run at a time (stop it, or use another worker)');
        const net = modelFromSafetensors(m.model, 'the model to train');
        net.setRandomState(m.random);
        sliceMs = m.options.progressMs ?? 50;
        const data = { train: unpackSplit(m.data.train), ...(m.data.test === undefined ? {} : { test: unpackSplit(m.data.test) }) };
        model = net;
        recent = [];
        const look = m.options.inspect ?? false;
        const inspected: Split = data.test ?? data.train;
        trainer = new Trainer(net, data, trainOptions(m.options, (record) => {
          const inspection = look === false ? null : inspectModel(net, inspected, look);
          const { b, transfer } = bytes();
          post({ type: 'epoch', record, model: b, inspection }, transfer);
        }));
        running = true;
        setTimeout(loop, 0);
      } else if (m.type === 'snapshot') {
        if (model === null) throw new Error('trainInWorker: no model to snapshot yet');
        const { b, transfer } = bytes();
        post({ type: 'snapshot', id: m.id, iter: trainer?.iteration ?? 0, model: b }, transfer);
      } else if (trainer !== null) {
        if (m.type === 'pause') running = false;
        else if (m.type === 'resume' && !running) {
          running = true;
          setTimeout(loop, 0);
        } else if (m.type === 'stop') {
          running = false;
          trainer.stop();
          finish();
        }
      }
    } catch (err) {
      fail(err);
    }
  };
}
