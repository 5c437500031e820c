/**
 * A preprocessing in a model file's metadata: safetensors keeps string values in
 * `__metadata__`, so the description goes there as JSON under one key, beside the
 * model's architecture, and comes back checked like any outside data.
 */
import { FileFormatError } from '../../errors/index.js';
import { Preprocessing } from './preprocessing.js';

/** The metadata key holding a model's preprocessing as JSON. */
export const PREPROCESSING_METADATA_KEY = 'scratchnet.preprocessing';

/**
 * The metadata entry to store with a model (`saveModel(path, model, preprocessingMetadata(prep))`).
 *
 * @example
 * ```ts
 * import { Preprocessing, TwoLayerNet, decodeSafetensors, modelFileBytes, preprocessingFromMetadata, preprocessingMetadata } from 'scratchnet';
 * const prep = Preprocessing.forImages({ height: 8, width: 8, channels: 1, classes: ['cat', 'dog'] });
 * const bytes = modelFileBytes(new TwoLayerNet(64, 10, 2), preprocessingMetadata(prep));
 * const back = preprocessingFromMetadata(decodeSafetensors(bytes, 'pets.safetensors').metadata, 'pets.safetensors');
 * console.log(back?.classes); // ['cat', 'dog']
 * ```
 */
export function preprocessingMetadata(prep: Preprocessing): Record<string, string> {
  if (!(prep instanceof Preprocessing)) throw new FileFormatError('preprocessingMetadata: expected a Preprocessing');
  return { [PREPROCESSING_METADATA_KEY]: JSON.stringify(prep.toJSON()) };
}

/** The preprocessing stored in a model file's metadata, checked; null when the file has none (a model trained on MNIST, say). */
export function preprocessingFromMetadata(metadata: Readonly<Record<string, string>>, name = 'model file'): Preprocessing | null {
  const raw = Object.prototype.hasOwnProperty.call(metadata, PREPROCESSING_METADATA_KEY) ? metadata[PREPROCESSING_METADATA_KEY] : undefined;
  if (raw === undefined) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new FileFormatError(`${name}: the metadata's '${PREPROCESSING_METADATA_KEY}' is not valid JSON (${(e as Error).message})`);
  }
  return Preprocessing.fromJSON(json, name);
}
