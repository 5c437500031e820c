import { ValueError } from '../errors/index.js';

/**
 * Throws a ValueError unless `options` is missing or an object whose keys are all among `known`: a
 * misspelt option (`filterNumber` for `filterNum`) would otherwise be ignored without a word.
 */
export function checkOptions(where: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(`${where}: options must be an object such as { ${known[0]}: ... }, got ${JSON.stringify(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new ValueError(`${where}: unknown option ${JSON.stringify(key)}; known options: ${known.join(', ')}`);
  }
}
