import { ValueError } from '../errors/index.js';
import { DeepConvNet } from './deep-conv-net.js';
import type { Model } from './model.js';
import { MultiLayerNet, MultiLayerNetExtend } from './multi-layer-net.js';
import { Sequential, type SequentialSpec } from './sequential.js';
import { SimpleConvNet } from './simple-conv-net.js';
import { TwoLayerNet } from './two-layer-net.js';

/** The model names the CLI and model files know. */
export const MODEL_NAMES = ['two-layer', 'mlp', 'mlp-extend', 'simple-conv', 'deep-conv', 'sequential'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/**
 * Rebuilds a model from the JSON its `config()` returned (as stored in a
 * model file's metadata). Parameters are freshly initialised; load them with
 * `setParams`.
 *
 * @example
 * ```ts
 * import { SimpleConvNet, modelFromConfig } from 'scratchnet';
 * const twin = modelFromConfig(new SimpleConvNet().config());
 * ```
 */
export function modelFromConfig(config: unknown): Model {
  if (config === null || typeof config !== 'object') throw new ValueError(`model config must be an object, got ${JSON.stringify(config)}`);
  const c = config as Record<string, unknown> & { model?: unknown };
  const { model, ...rest } = c;
  const o = rest as never;
  switch (model) {
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
    case 'mlp':
      return new MultiLayerNet(o);
    case 'mlp-extend':
      return new MultiLayerNetExtend(o);
    case 'simple-conv':
      return new SimpleConvNet(o);
    case 'deep-conv':
      return new DeepConvNet(o);
    case 'sequential':
      return new Sequential(rest as unknown as SequentialSpec);
    default:
      throw new ValueError(`unknown model ${JSON.stringify(model)}; known: ${MODEL_NAMES.join(', ')}`);
  }
}
