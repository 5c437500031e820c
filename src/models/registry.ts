import { ValueError } from '../errors/index.js';
import { MODEL_KINDS, modelKind } from './kinds.js';
import type { Model } from './model.js';
import type { SequenceModel } from './sequence-model.js';
import type { BetterRnnlmOptions } from './better-rnnlm.js';

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

/**
 * Rebuilds a sequence model (rnnlm, better-rnnlm, seq2seq, peeky-seq2seq, attention-seq2seq) from its
 * `config()`; parameters are freshly initialised.
 *
 * @example
 * ```ts
 * import { Rnnlm, sequenceModelFromConfig } from 'scratchnet';
 * const twin = sequenceModelFromConfig(new Rnnlm({ vocabSize: 10 }).config());
 * ```
 */
export function sequenceModelFromConfig(config: unknown): SequenceModel {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new ValueError(`model config must be an object, got ${JSON.stringify(config)}`);
  const c = config as Readonly<Record<string, unknown>>;
  const kind = modelKind(String(c.model));
  if (kind.sequence === undefined) throw new ValueError(`${kind.name} is not a sequence model; rebuild it with modelFromConfig (loadModel for its files)`);
  return kind.sequence.fromConfig(c);
}

/**
 * Builds a sequence model of a kind from its sizes.
 *
 * @example
 * ```ts
 * import { buildSequenceModel } from 'scratchnet';
 * const model = buildSequenceModel('attention-seq2seq', { vocabSize: 59, hiddenSize: 64 });
 * ```
 */
export function buildSequenceModel(name: string, options: BetterRnnlmOptions): SequenceModel {
  const kind = modelKind(name);
  if (kind.sequence === undefined) throw new ValueError(`${name} is not a sequence model; build it with buildModel`);
  return kind.sequence.build(options);
}
