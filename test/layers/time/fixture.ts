import { Tensor, type NestedArray } from '../../../src/index.js';
import { fixture } from '../../helpers.js';

type Entry = Record<string, NestedArray>;
/** test/fixtures/time-layers.json, made by make_time_layer_fixtures.py with numpy (the book's per-step layers). */
export const ref = fixture<Record<string, Entry>>('time-layers.json');

/** An int32 tensor of ids. */
export function ids(values: NestedArray): Tensor<'int32'> {
  return Tensor.from(values, { dtype: 'int32' });
}

/** Random ids 0 .. vocab − 1 of a shape, from a seeded draw. */
export function randomIds(shape: readonly number[], vocab: number, next: (n: number) => number): Tensor<'int32'> {
  const n = shape.reduce((p, d) => p * d, 1);
  return Tensor.from(Array.from({ length: n }, () => next(vocab)), { dtype: 'int32', shape });
}
