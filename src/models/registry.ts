import { ValueError } from '../errors/index.js';
import type { Model } from './model.js';
import { TwoLayerNet } from './two-layer-net.js';

/** The model names the CLI and model files know. */
export const MODEL_NAMES = ['two-layer'] as const;

/**
 * Rebuilds a model from the JSON its `config()` returned (as stored in a
 * model file's metadata). Parameters are freshly initialised; load them with
 * `setParams`.
 */
export function modelFromConfig(config: unknown): Model {
  if (config === null || typeof config !== 'object') throw new ValueError(`model config must be an object, got ${JSON.stringify(config)}`);
  const c = config as Record<string, unknown>;
  switch (c.model) {
    case 'two-layer': {
      const num = (k: string): number => {
        if (typeof c[k] !== 'number') throw new ValueError(`model config 'two-layer': ${k} must be a number, got ${JSON.stringify(c[k])}`);
        return c[k] as number;
      };
      return new TwoLayerNet(num('inputSize'), num('hiddenSize'), num('outputSize'), {
        weightInitStd: num('weightInitStd'),
        activation: c.activation as 'relu' | 'sigmoid',
        dtype: c.dtype as 'float32' | 'float64',
      });
    }
    default:
      throw new ValueError(`unknown model ${JSON.stringify(c.model)}; known: ${MODEL_NAMES.join(', ')}`);
  }
}
