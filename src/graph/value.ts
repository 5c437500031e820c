import { ValueError } from '../errors/index.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * What flows along an edge of the book's computational graphs: a plain number
 * (as in the book's shopping example) or a Tensor (element-wise).
 */
export type Value = number | Tensor;

export function checkValue(where: string, v: unknown): Value {
  if (typeof v === 'number' || v instanceof Tensor) return v;
  throw new ValueError(`${where}: expected a number or a Tensor, got ${v === null ? 'null' : typeof v}`);
}

export function mulV(a: Value, b: Value): Value {
  if (typeof a === 'number') return typeof b === 'number' ? a * b : b.mul(a);
  return a.mul(b);
}

export function addV(a: Value, b: Value): Value {
  if (typeof a === 'number') return typeof b === 'number' ? a + b : b.add(a);
  return a.add(b);
}

export function expV(a: Value): Value {
  return typeof a === 'number' ? Math.exp(a) : a.exp();
}

export function reciprocalV(a: Value): Value {
  return typeof a === 'number' ? 1 / a : a.reciprocal();
}

export function negV(a: Value): Value {
  return typeof a === 'number' ? -a : a.neg();
}
