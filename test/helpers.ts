import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Tensor, type NestedArray } from '../src/index.js';

/** The repository root (tests run from dist/test/). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A JSON fixture from test/fixtures/. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(`${ROOT}test/fixtures/${name}`, 'utf8')) as T;
}

export const f64 = { dtype: 'float64' } as const;

/** A float64 tensor from nested arrays. */
export function t64(values: NestedArray): Tensor {
  return Tensor.from(values, f64);
}

/** Asserts same shape and every |a − e| ≤ atol + rtol·|e|, naming the first entry that differs. */
export function assertClose(actual: Tensor, expected: Tensor | NestedArray, tol: { rtol?: number; atol?: number } = {}, label = ''): void {
  const { rtol = 1e-12, atol = 1e-12 } = tol;
  const e = expected instanceof Tensor ? expected : Tensor.from(expected, f64);
  assert.deepEqual([...actual.shape], [...e.shape], `${label} shape`);
  for (let i = 0; i < e.size; i++) {
    const a = actual.data[i]!;
    const b = e.data[i]!;
    if (a === b) continue;
    if (!(Math.abs(a - b) <= atol + rtol * Math.abs(b))) {
      assert.fail(`${label} entry ${i}: got ${a}, expected ${b} (|diff| ${Math.abs(a - b)})`);
    }
  }
}

/** Asserts that f throws an error of class `type` whose message matches every pattern. */
export function assertThrows(f: () => unknown, type: new (...args: never[]) => Error, ...patterns: RegExp[]): void {
  let thrown: unknown = null;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  assert.ok(thrown !== null, `expected ${type.name} to be thrown`);
  assert.ok(thrown instanceof type, `expected ${type.name}, got ${(thrown as Error).constructor.name}: ${(thrown as Error).message}`);
  for (const p of patterns) assert.match((thrown as Error).message, p);
}

/** A snapshot of a tensor's data, to check later that nothing changed it. */
export function snapshot(t: Tensor): number[] {
  return Array.from(t.data);
}
