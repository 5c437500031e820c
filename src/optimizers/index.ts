import { ValueError } from '../errors/index.js';
import { AdaGrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Momentum } from './momentum.js';
import { Nesterov } from './nesterov.js';
import type { Optimizer } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

export type { Optimizer, OptimizerState } from './optimizer.js';
export { OptimizerBase } from './optimizer.js';
export { SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam };

/** The optimizers by name, as the command line and {@link makeOptimizer} know them. */
export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as const;
/** One of {@link OPTIMIZER_NAMES}. */
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/** The book's default learning rate for each optimizer. */
export const DEFAULT_LR: Readonly<Record<OptimizerName, number>> = { sgd: 0.01, momentum: 0.01, nesterov: 0.01, adagrad: 0.01, rmsprop: 0.01, adam: 0.001 };

/** An optimizer by name, with the book's other defaults. */
export function makeOptimizer(name: string, lr?: number): Optimizer {
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(name)) {
    throw new ValueError(`unknown optimizer ${JSON.stringify(name)}; known: ${OPTIMIZER_NAMES.join(', ')}`);
  }
  const rate = lr ?? DEFAULT_LR[name as OptimizerName];
  switch (name as OptimizerName) {
    case 'sgd': return new SGD(rate);
    case 'momentum': return new Momentum(rate);
    case 'nesterov': return new Nesterov(rate);
    case 'adagrad': return new AdaGrad(rate);
    case 'rmsprop': return new RMSprop(rate);
    case 'adam': return new Adam(rate);
  }
}
