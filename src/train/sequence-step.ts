/** One training step of a sequence model, shared by both sequence trainers: loss, backward, the NaN guard, clipping, update. */
import { NonFiniteError, ValueError } from '../errors/index.js';
import type { SequenceModel } from '../models/sequence-model.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { Tensor } from '../tensor/tensor.js';
import { clipGrads } from './clip-grads.js';
import { TrainingDivergedError } from './nan-guard.js';

/** Checks a positive whole-number option. */
export function positive(where: string, name: string, v: number | undefined, fallback: number): number {
  const x = v ?? fallback;
  if (!Number.isSafeInteger(x) || x <= 0) throw new ValueError(`${where}: ${name} must be a whole number ≥ 1, got ${x}`);
  return x;
}

/** Checks maxGrad: null (no clipping) or a finite number > 0. */
export function checkMaxGrad(where: string, v: number | null | undefined, fallback: number | null): number | null {
  const x = v === undefined ? fallback : v;
  if (x !== null && !(typeof x === 'number' && Number.isFinite(x) && x > 0)) throw new ValueError(`${where}: maxGrad must be a number > 0 (or null: no clipping), got ${x}`);
  return x;
}

function diverged(iteration: number, what: string, where: string, lr: number | undefined): TrainingDivergedError {
  const lrText = lr === undefined ? 'lower the learning rate' : `lower the learning rate (now ${lr})`;
  return new TrainingDivergedError(`training stopped at iteration ${iteration}: ${what}. Hint: ${lrText}, or clip the gradients (maxGrad, e.g. 5)`, iteration, where);
}

// as the classifier's guard: a mean over 10 iterations lets one bad batch pass; 100 × the first loss is far beyond any recovering run
const EXPLODE_WINDOW = 10;
const EXPLODE_FACTOR = 100;

/** The mean of the last losses with this one, when it has grown past 100 × the first loss (finite, but diverged); else null. */
function explodedMean(loss: number, history: readonly number[]): number | null {
  const recent = [...history.slice(-(EXPLODE_WINDOW - 1)), loss];
  const mean = recent.reduce((a, b) => a + b, 0) / recent.length;
  return mean > EXPLODE_FACTOR * Math.max(1, Math.abs(history[0] ?? loss)) ? mean : null;
}

/**
 * Forward and backward of one batch, then (unless the guard stops the run) the clipped update.
 * The guard stops at a non-finite loss or gradient, and at a loss that has exploded against the
 * first of `history` (the losses so far). Returns the loss, NaN when the unguarded loss could not be
 * computed (no update then).
 */
export function sequenceStep(model: SequenceModel, optimizer: Optimizer, xs: Tensor<'int32'>, ts: Tensor<'int32'>, maxGrad: number | null, iteration: number, nanGuard: boolean, history: readonly number[] = []): number {
  const lr = optimizer.hyper.lr;
  let loss: number;
  try {
    loss = model.forward(xs, ts, { train: true });
  } catch (e) {
    if (!(e instanceof NonFiniteError)) throw e;
    if (nanGuard) throw diverged(iteration, 'the scores became non-finite', 'the scores', lr);
    return NaN;
  }
  if (nanGuard && !Number.isFinite(loss)) throw diverged(iteration, `the loss became ${loss}`, 'the loss', lr);
  model.backward();
  if (nanGuard) {
    for (const [name, g] of Object.entries(model.grads)) if (!g.isFinite()) throw diverged(iteration, `the gradient of ${name} became non-finite`, `the gradient of ${name}`, lr);
    const mean = explodedMean(loss, history);
    if (mean !== null) throw diverged(iteration, `the loss exploded (mean of the last iterations ${mean.toPrecision(3)}, the first was ${(history[0] ?? loss).toPrecision(3)})`, 'the loss', lr);
  }
  const grads = maxGrad === null ? model.grads : clipGrads(model.grads, maxGrad).grads;
  optimizer.update(model.params, grads);
  return loss;
}
