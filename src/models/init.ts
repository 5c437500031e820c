import { ValueError } from '../errors/index.js';

/** How initial weights are scaled: a fixed std, Xavier (1/√fan-in), He (√(2/fan-in)), or 'auto' (He for ReLU, Xavier otherwise, as the book does). */
export type WeightInit = number | 'xavier' | 'he' | 'auto';

/** A hidden layer's activation function. */
export type Activation = 'relu' | 'sigmoid' | 'tanh';
/** The activations the models take. */
export const ACTIVATIONS: readonly Activation[] = ['relu', 'sigmoid', 'tanh'];

/** The std of the initial weights of a layer with `fanIn` inputs (the previous layer's node count, C·FH·FW for a convolution). */
export function initStd(init: WeightInit, fanIn: number, activation: Activation = 'relu'): number {
  if (typeof init === 'number') {
    if (!Number.isFinite(init) || init < 0) throw new ValueError(`weight init: a std must be a finite number ≥ 0, got ${init}`);
    return init;
  }
  switch (init) {
    case 'he':
      return Math.sqrt(2 / fanIn);
    case 'xavier':
      return Math.sqrt(1 / fanIn);
    case 'auto':
      return activation === 'relu' ? Math.sqrt(2 / fanIn) : Math.sqrt(1 / fanIn);
    default:
      throw new ValueError(`unknown weight init ${JSON.stringify(init)}; use a number (std), 'xavier', 'he' or 'auto'`);
  }
}

/** Parses a weight init from text (CLI, JSON): a number or one of the names. */
export function parseWeightInit(text: string): WeightInit {
  if (['xavier', 'he', 'auto'].includes(text)) return text as WeightInit;
  const n = Number(text);
  if (text.trim() !== '' && Number.isFinite(n) && n >= 0) return n;
  throw new ValueError(`unknown weight init '${text}'; use a number (std), xavier, he or auto`);
}

export function checkActivation(where: string, a: unknown): Activation {
  if (!(ACTIVATIONS as readonly unknown[]).includes(a)) throw new ValueError(`${where}: activation must be one of ${ACTIVATIONS.join(', ')}, got ${JSON.stringify(a)}`);
  return a as Activation;
}
