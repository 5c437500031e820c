/**
 * Training in a Web Worker: the library's Trainer runs off the page's main thread, reports its
 * progress and every epoch, and can be paused, resumed and stopped; the trained model comes back.
 */
import { ValueError } from '../errors/index.js';
import { modelFileBytes, modelFromSafetensors } from '../formats/model-bytes.js';
import type { Model } from '../models/model.js';
import type { EpochRecord, TrainData, TrainOptions, TrainResult, Split } from '../train/train-types.js';
import type { ScheduleSpec } from '../train/schedule.js';
import type { OptimizerName } from '../optimizers/index.js';
import type { Inspection, InspectOptions, inspectModel } from '../inspect/inspect-model.js';
import { errorFromWorker, packData, packSplit, type FromWorker, type ToWorker, type WorkerOptions, type WorkerProgress } from './worker-messages.js';

export type { WorkerProgress } from './worker-messages.js';

/** One epoch's evaluation as the worker reports it, with the model as it was then. */
export interface WorkerEpoch {
  readonly record: EpochRecord;
  /** The model's .safetensors bytes at this epoch. */
  readonly bytes: Uint8Array;
  /** The model at this epoch (rebuilt from `bytes` on each call). */
  model(): Model;
  /** With the `inspect` option, {@link inspectModel}'s look at the model on the test split (the training split without one). */
  readonly inspection: Inspection | null;
}

/** What a finished run hands back. */
export interface WorkerTrainResult {
  /** The trained model (a copy: the model given to trainInWorker is left as it was). */
  readonly model: Model;
  /** The run's figures; null when it was stopped before its first iteration. */
  readonly result: TrainResult | null;
}

/** Options of {@link trainInWorker}: those of `train`, in forms that can be sent to a worker, and the callbacks. */
export interface TrainInWorkerOptions extends Omit<TrainOptions, 'optimizer' | 'schedule' | 'validation' | 'onIteration' | 'onEpoch'> {
  /** An optimizer by name, with its learning rate (default SGD 0.1, as `train`). */
  readonly optimizer?: OptimizerName | { readonly name: OptimizerName; readonly lr?: number };
  readonly schedule?: ScheduleSpec;
  readonly validation?: number | Split;
  /** How long the worker trains between reports, in milliseconds (default 50). */
  readonly progressMs?: number;
  /** Look inside the model after every epoch, in the worker (see {@link inspectModel}); default off. */
  readonly inspect?: InspectOptions | false;
  /** Called with each progress report. */
  readonly onProgress?: (progress: WorkerProgress) => void;
  /** Called after every epoch's evaluation (and the last one). */
  readonly onEpoch?: (epoch: WorkerEpoch) => void;
  /**
   * The worker to train in: a module worker running the library's `training-worker-entry.js`, or
   * any worker that calls `serveTraining(self)`. Default: a new one, ended when the run ends.
   */
  readonly worker?: Worker;
}

/** A run in a worker: its controls and its outcome. */
export interface WorkerTraining {
  /** Resolves when the run ends (all its iterations, early stopping, or {@link WorkerTraining.stop}); rejects with the worker's error. */
  readonly finished: Promise<WorkerTrainResult>;
  /** 'running', 'paused', 'done' or 'failed'. */
  readonly status: 'running' | 'paused' | 'done' | 'failed';
  /** Pauses after the current slice of steps. */
  pause(): void;
  resume(): void;
  /** Ends the run: the worker evaluates where it is, and `finished` resolves with the model so far. */
  stop(): void;
  /** The model as it is now (between two slices of steps), while the run goes on. */
  snapshot(): Promise<Model>;
}

/** A new module worker running the library's training loop (bundlers such as Vite and webpack follow this URL). */
function defaultWorker(): Worker {
  return new Worker(new URL('./training-worker-entry.js', import.meta.url), { type: 'module' });
}

/**
 * Trains `model` on `data` in a Web Worker with the library's Trainer (the same steps as `train`,
 * so the same seed gives the same parameters), reporting progress and epochs to the callbacks.
 * The model given is not changed; the trained one comes back in `finished`.
 */
export function trainInWorker(model: Model, data: TrainData, options: TrainInWorkerOptions = {}): WorkerTraining {
  const { onProgress, onEpoch, worker: given, validation, ...plain } = options;
  if (options.progressMs !== undefined && !(Number.isFinite(options.progressMs) && options.progressMs > 0)) throw new ValueError(`trainInWorker: progressMs must be a positive number of milliseconds, got ${options.progressMs}`);
  const workerOptions: WorkerOptions = { ...plain, ...(validation === undefined ? {} : { validation: typeof validation === 'number' ? validation : packSplit(validation) }) };
  const worker = given ?? defaultWorker();
  const snapshots = new Map<number, { resolve: (m: Model) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let status: WorkerTraining['status'] = 'running';
  const send = (m: ToWorker) => worker.postMessage(m);
  let settle: { resolve: (r: WorkerTrainResult) => void; reject: (e: Error) => void };
  const finished = new Promise<WorkerTrainResult>((resolve, reject) => (settle = { resolve, reject }));
  const end = (outcome: { model: Model } | Error) => {
    for (const s of snapshots.values()) outcome instanceof Error ? s.reject(outcome) : s.resolve(outcome.model);
    snapshots.clear();
    worker.removeEventListener('message', onMessage);
    worker.removeEventListener('error', onError);
    if (given === undefined) worker.terminate();
  };
  const onError = (e: ErrorEvent) => {
    status = 'failed';
    const err = new Error(`trainInWorker: the worker failed to start or crashed (${e.message || 'no message; is training-worker-entry.js served next to train-in-worker.js?'})`);
    end(err);
    settle.reject(err);
  };
  const onMessage = (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    if (m.type === 'progress') onProgress?.(m.progress);
    else if (m.type === 'epoch') onEpoch?.({ record: m.record, bytes: m.model, model: () => modelFromSafetensors(m.model, 'the model trained in the worker'), inspection: m.inspection });
    else if (m.type === 'snapshot') {
      snapshots.get(m.id)?.resolve(modelFromSafetensors(m.model, 'the model trained in the worker'));
      snapshots.delete(m.id);
    } else if (m.type === 'done') {
      status = 'done';
      const done = { model: modelFromSafetensors(m.model, 'the model trained in the worker'), result: m.result };
      end(done);
      settle.resolve(done);
    } else {
      status = 'failed';
      const err = errorFromWorker(m);
      end(err);
      settle.reject(err);
    }
  };
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onError);
  send({ type: 'start', model: modelFileBytes(model), random: model.randomState(), data: packData(data), options: workerOptions });

  return {
    finished,
    get status() {
      return status;
    },
    pause() {
      if (status !== 'running') return;
      status = 'paused';
      send({ type: 'pause' });
    },
    resume() {
      if (status !== 'paused') return;
      status = 'running';
      send({ type: 'resume' });
    },
    stop() {
      if (status === 'running' || status === 'paused') send({ type: 'stop' });
    },
    snapshot() {
      if (status === 'done' || status === 'failed') return finished.then((r) => r.model);
      const id = nextId++;
      return new Promise<Model>((resolve, reject) => {
        snapshots.set(id, { resolve, reject });
        send({ type: 'snapshot', id });
      });
    },
  };
}
