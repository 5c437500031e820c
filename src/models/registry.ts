import { ValueError } from '../errors/index.js';
import { MODEL_KINDS, modelKind } from './kinds.js';
import type { Model } from './model.js';

/** The model names model files and the command line know (the keys of {@link MODEL_KINDS}). */
export const MODEL_NAMES: readonly string[] = [...MODEL_KINDS.keys()];
/** A model kind's name, e.g. `two-layer`. */
export type ModelName = string;

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
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new ValueError(`model config must be an object, got ${JSON.stringify(config)}`);
  const c = config as Readonly<Record<string, unknown>>;
  return modelKind(String(c.model)).fromConfig(c);
}
