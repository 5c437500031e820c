import { NonFiniteError } from '../errors/index.js';
import type { Target } from '../layers/targets.js';
import type { Model } from '../models/model.js';
import type { Tensor } from '../tensor/tensor.js';

/** The NaN guard's error: which iteration, and where the first non-finite value appeared. */
export class TrainingDivergedError extends NonFiniteError {
  constructor(
    message: string,
    readonly iteration: number,
    readonly where: string,
  ) {
    super(message);
  }
}

/**
 * Finds where a non-finite value first appears for this batch: a parameter,
 * a layer's forward output, the loss, or a layer's backward (dx or a
 * parameter gradient). Runs one extra forward and backward; only called
 * after something went wrong.
 */
export function locateNonFinite(model: Model, x: Tensor, t: Target): string {
  for (const [name, p] of Object.entries(model.params)) if (!p.isFinite()) return `parameter ${name}`;
  if (!x.isFinite()) return 'the input batch';
  let h = x;
  for (const [name, layer] of model.layers) {
    h = layer.forward(h, { train: true });
    if (!h.isFinite()) return `the forward output of ${name}`;
  }
  const last = model.lastLayer.kind;
  let loss: number;
  try {
    loss = model.lastLayer.forward(h, t);
  } catch (e) {
    if (e instanceof NonFiniteError) return `the scores reaching ${last}`;
    throw e;
  }
  if (!Number.isFinite(loss)) return `the loss (${last})`;
  let dout = model.lastLayer.backward(1);
  for (const [name, layer] of [...model.layers].reverse()) {
    dout = layer.backward(dout);
    for (const [g, grad] of Object.entries(layer.grads)) if (!grad.isFinite()) return `the gradient of ${g} in ${name}`;
    if (!dout.isFinite()) return `the backward output (dx) of ${name}`;
  }
  return 'no layer on a re-run (the values were finite this time)';
}

/** What to check of the data's scale: pixels for a classifier, the targets too for regression. */
function scalingHint(model: Model | undefined): string {
  return model?.lossName === 'mean-squared-error' ? 'check the scale of the inputs and the targets (standardize both: mean 0, standard deviation 1)' : 'check the input scaling (pixels normalised to [0, 1]?)';
}

/** Builds the guard's error with the iteration, the place and a hint. */
export function divergedError(model: Model, x: Tensor, t: Target, iteration: number, what: string, lr: number | undefined): TrainingDivergedError {
  const where = locateNonFinite(model, x, t);
  const lrText = lr === undefined ? 'lower the learning rate' : `lower the learning rate (now ${lr})`;
  return new TrainingDivergedError(
    `training stopped at iteration ${iteration}: ${what}; the first non-finite value appeared in ${where}. ` +
      `Hint: ${lrText}, and ${scalingHint(model)}`,
    iteration,
    where,
  );
}

/** The guard's error for a loss that stays finite but has exploded. */
export function explodedError(iteration: number, recent: number, first: number, lr: number | undefined, model?: Model): TrainingDivergedError {
  const lrText = lr === undefined ? 'lower the learning rate' : `lower the learning rate (now ${lr})`;
  return new TrainingDivergedError(
    `training stopped at iteration ${iteration}: the loss exploded (mean of the last iterations ${recent.toPrecision(3)}, the first was ${first.toPrecision(3)}). ` +
      `Hint: ${lrText}, and ${scalingHint(model)}`,
    iteration,
    'the loss',
  );
}
