import { ValueError } from '../../errors/index.js';
import type { FloatArray, StateArray, StateBuffer } from '../kernels.js';

/** Optimizer state held in a plain array: the reference backend's StateBuffer. */
export class ArrayState implements StateBuffer {
  constructor(readonly data: FloatArray) {}

  get dtype(): 'float32' | 'float64' {
    return this.data instanceof Float64Array ? 'float64' : 'float32';
  }

  get length(): number {
    return this.data.length;
  }

  read(): FloatArray {
    return this.data.slice();
  }

  write(values: FloatArray): void {
    checkWrite(this, values);
    this.data.set(values);
  }
}

/** Throws unless `values` can replace the state's values (same length). */
export function checkWrite(state: StateBuffer, values: FloatArray): void {
  if (!(values instanceof Float32Array || values instanceof Float64Array) || values.length !== state.length) {
    const got = values instanceof Float32Array || values instanceof Float64Array ? `${values.length} values` : typeof values;
    throw new ValueError(`StateBuffer.write: expected a Float32Array or Float64Array of ${state.length} values, got ${got}`);
  }
}

/**
 * Runs `step` on plain arrays standing for `states`: an array as it is, an ArrayState's own array, and
 * any other StateBuffer (another backend's) read into a copy that is written back afterwards.
 */
export function onArrays(states: readonly StateArray[], step: (arrays: FloatArray[]) => void): void {
  const foreign: [StateBuffer, FloatArray][] = [];
  const arrays = states.map((s) => {
    if (s instanceof Float32Array || s instanceof Float64Array) return s;
    if (s instanceof ArrayState) return s.data;
    const copy = s.read();
    foreign.push([s, copy]);
    return copy;
  });
  step(arrays);
  for (const [s, copy] of foreign) s.write(copy);
}
