import { ValueError } from '../errors/index.js';
import { IdentityWithLoss } from '../layers/identity-with-loss.js';
import { SigmoidWithLoss } from '../layers/sigmoid-with-loss.js';
import { SoftmaxWithLoss } from '../layers/softmax-with-loss.js';

/**
 * The output layer and loss a model trains with, chosen by its task: `softmax-cross-entropy`
 * (SoftmaxWithLoss: one class of several), `mean-squared-error` (IdentityWithLoss: numbers) or
 * `sigmoid-cross-entropy` (SigmoidWithLoss: a yes/no answer per output column).
 */
export const LOSS_NAMES = ['softmax-cross-entropy', 'mean-squared-error', 'sigmoid-cross-entropy'] as const;
/** One of {@link LOSS_NAMES}. */
export type LossName = (typeof LOSS_NAMES)[number];
/** What a model answers: classes (softmax or yes/no labels) or numbers. */
export type Task = 'classification' | 'regression';
/** The last layer of a model: a loss layer whose forward(x, t) is the mean loss and backward(dout) is dL/dx. */
export type LossLayer = SoftmaxWithLoss | IdentityWithLoss | SigmoidWithLoss;

/** The loss every model has unless told otherwise (model files written before the setting existed have it). */
export const DEFAULT_LOSS: LossName = 'softmax-cross-entropy';

/** Throws a ValueError unless `loss` is one of {@link LOSS_NAMES}. */
export function checkLoss(where: string, loss: unknown): LossName {
  if (!(LOSS_NAMES as readonly unknown[]).includes(loss)) {
    throw new ValueError(`${where}: loss must be one of ${LOSS_NAMES.map((n) => `'${n}'`).join(', ')}, got ${JSON.stringify(loss)}`);
  }
  return loss as LossName;
}

/**
 * A fresh output layer for a loss.
 *
 * @example
 * ```ts
 * import { lossLayer } from 'scratchnet';
 * lossLayer('mean-squared-error').kind; // 'IdentityWithLoss'
 * ```
 */
export function lossLayer(loss: LossName): LossLayer {
  switch (checkLoss('lossLayer', loss)) {
    case 'softmax-cross-entropy': return new SoftmaxWithLoss();
    case 'mean-squared-error': return new IdentityWithLoss();
    case 'sigmoid-cross-entropy': return new SigmoidWithLoss();
  }
}

/** The task a loss serves: regression for mean squared error, classification otherwise. */
export function taskOf(loss: LossName): Task {
  return loss === 'mean-squared-error' ? 'regression' : 'classification';
}
