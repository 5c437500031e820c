import { NonFiniteError, ValueError } from '../errors/index.js';
import { BatchSampler, takeLabels, takeRows, type Sampling } from '../data/batches.js';
import type { LabelInput } from '../layers/labels.js';
import type { Model } from '../models/model.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { SGD } from '../optimizers/sgd.js';
import { Rng } from '../random/rng.js';
import type { Tensor } from '../tensor/tensor.js';
import { divergedError } from './nan-guard.js';

export interface Split {
  readonly images: Tensor;
  readonly labels: Int32Array | Tensor;
}

export interface TrainData {
  readonly train: Split;
  /** Evaluated after every epoch when given. */
  readonly test?: Split;
}

/** One evaluation, after each epoch and at the end. */
export interface EpochRecord {
  readonly epoch: number;
  readonly iter: number;
  /** Mean training loss over the iterations since the previous record. */
  readonly loss: number;
  readonly trainAcc: number;
  readonly testAcc: number | null;
  readonly seconds: number;
}

export interface TrainOptions {
  /** Default: SGD with lr 0.1 (the book's chapter 5). */
  readonly optimizer?: Optimizer;
  /** Number of iterations (default 10,000), or give `epochs` instead. */
  readonly iters?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  /** Seed of the batch order (default 0). */
  readonly seed?: number;
  readonly sampling?: Sampling;
  /** Batch size for the evaluation passes (default 1000). */
  readonly evalBatchSize?: number;
  /** Stop with a TrainingDivergedError when the loss or a gradient is non-finite (default true). */
  readonly nanGuard?: boolean;
  readonly onIteration?: (info: { readonly iter: number; readonly iters: number; readonly loss: number }) => void;
  readonly onEpoch?: (record: EpochRecord) => void;
}

export interface TrainResult {
  readonly iters: number;
  readonly epochs: number;
  /** Training loss of every iteration. */
  readonly lossHistory: readonly number[];
  readonly history: readonly EpochRecord[];
  readonly trainAcc: number;
  readonly testAcc: number | null;
  /** Mean training loss since the previous evaluation. */
  readonly loss: number;
  readonly seconds: number;
}

function positiveInt(name: string, v: number | undefined, fallback: number): number {
  const x = v ?? fallback;
  if (!Number.isSafeInteger(x) || x <= 0) throw new ValueError(`train: ${name} must be a positive integer, got ${x}`);
  return x;
}

/**
 * Mini-batch training as in the book's train_neuralnet.py: draw a batch,
 * backprop, update, and evaluate train and test accuracy over the full sets
 * after every epoch (⌈N / batch⌉ iterations) and at the end.
 *
 * @example
 * ```ts
 * import { TwoLayerNet, SGD, loadMnist, train } from 'scratchnet';
 * const data = loadMnist({ trainLimit: 5000, testLimit: 1000 });
 * const net = new TwoLayerNet(784, 50, 10);
 * const result = train(net, data, { optimizer: new SGD(0.1), iters: 500, batchSize: 100 });
 * console.log(result.testAcc);
 * ```
 */
export function train(model: Model, data: TrainData, options: TrainOptions = {}): TrainResult {
  if (options.iters !== undefined && options.epochs !== undefined) throw new ValueError('train: give iters or epochs, not both');
  const n = data.train.images.shape[0] ?? 0;
  const batchSize = positiveInt('batchSize', options.batchSize, 100);
  const optimizer = options.optimizer ?? new SGD(0.1);
  const sampler = new BatchSampler(n, batchSize, new Rng(options.seed ?? 0), options.sampling ?? 'shuffle');
  const perEpoch = sampler.batchesPerEpoch;
  const iters = options.epochs !== undefined ? positiveInt('epochs', options.epochs, 1) * perEpoch : positiveInt('iters', options.iters, 10000);
  const evalBatchSize = positiveInt('evalBatchSize', options.evalBatchSize, 1000);
  const nanGuard = options.nanGuard ?? true;
  const lr = optimizer.hyper.lr;

  const lossHistory: number[] = [];
  const history: EpochRecord[] = [];
  const start = performance.now();
  let sinceEval = 0;
  let sumSinceEval = 0;

  const evaluate = (iter: number): void => {
    const record: EpochRecord = {
      epoch: history.length + 1,
      iter,
      loss: sumSinceEval / Math.max(sinceEval, 1),
      trainAcc: model.accuracy(data.train.images, data.train.labels as LabelInput, { batchSize: evalBatchSize }),
      testAcc: data.test ? model.accuracy(data.test.images, data.test.labels as LabelInput, { batchSize: evalBatchSize }) : null,
      seconds: (performance.now() - start) / 1000,
    };
    history.push(record);
    sinceEval = 0;
    sumSinceEval = 0;
    options.onEpoch?.(record);
  };

  for (let i = 0; i < iters; i++) {
    const idx = sampler.next();
    const x = takeRows(data.train.images, idx);
    const t = takeLabels(data.train.labels, idx) as LabelInput;
    let loss: number;
    let grads;
    try {
      ({ loss, grads } = model.lossAndGradient(x, t));
    } catch (e) {
      if (nanGuard && e instanceof NonFiniteError) throw divergedError(model, x, t, i + 1, 'the scores became non-finite', lr);
      throw e;
    }
    if (nanGuard) {
      if (!Number.isFinite(loss)) throw divergedError(model, x, t, i + 1, `the loss became ${loss}`, lr);
      for (const [name, g] of Object.entries(grads)) {
        if (!g.isFinite()) throw divergedError(model, x, t, i + 1, `the gradient of ${name} became non-finite`, lr);
      }
    }
    optimizer.update(model.params, grads);
    lossHistory.push(loss);
    sinceEval++;
    sumSinceEval += loss;
    options.onIteration?.({ iter: i + 1, iters, loss });
    if ((i + 1) % perEpoch === 0 || i + 1 === iters) evaluate(i + 1);
  }
  const last = history[history.length - 1]!;
  return {
    iters,
    epochs: iters / perEpoch,
    lossHistory,
    history,
    trainAcc: last.trainAcc,
    testAcc: last.testAcc,
    loss: last.loss,
    seconds: (performance.now() - start) / 1000,
  };
}
