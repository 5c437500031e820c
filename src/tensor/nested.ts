import { ShapeError, ValueError } from '../errors/index.js';

/** A number or arbitrarily nested arrays of numbers, as `toArray()` returns. */
export type NestedArray = number | readonly NestedArray[];

/** Shape and flat row-major values of a nested array; throws on ragged or non-numeric input. */
export function flattenNested(values: NestedArray, where: string): { shape: number[]; flat: number[] } {
  const shape: number[] = [];
  let probe: NestedArray = values;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0] as NestedArray;
  }
  const flat: number[] = [];
  const walk = (v: NestedArray, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof v !== 'number') {
        throw new ValueError(`${where}: expected a number at ${path || 'the top'}, got ${Array.isArray(v) ? 'an array (ragged nesting)' : typeof v}`);
      }
      flat.push(v);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      const got = Array.isArray(v) ? `length ${v.length}` : typeof v;
      throw new ShapeError(`${where}: ragged nested array: expected length ${shape[depth]} at ${path || 'the top'}, got ${got}`);
    }
    for (let i = 0; i < v.length; i++) walk(v[i] as NestedArray, depth + 1, `${path}[${i}]`);
  };
  walk(values, 0, '');
  return { shape, flat };
}

/** Nested arrays of `shape` from flat row-major data. */
export function toNested(data: ArrayLike<number>, shape: readonly number[]): NestedArray {
  if (shape.length === 0) return data[0]!;
  let offset = 0;
  const build = (depth: number): NestedArray => {
    const n = shape[depth]!;
    const out: NestedArray[] = [];
    if (depth === shape.length - 1) {
      for (let i = 0; i < n; i++) out.push(data[offset++]!);
    } else {
      for (let i = 0; i < n; i++) out.push(build(depth + 1));
    }
    return out;
  };
  return build(0);
}
