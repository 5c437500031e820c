/**
 * Moving data in and out of a WebAssembly instance's memory. Tensors live in
 * JavaScript memory, so a kernel copies its operands in after the module's
 * static data, runs, and copies its results out; the space is reused by every
 * call (kernels run one at a time), so nothing is allocated per call.
 */
export interface Staging {
  /**
   * Places each array in memory (copied in unless its mode is 'out'), runs `body` with their byte
   * offsets, and copies back those whose mode is 'out' or 'inout'. A `[n, 'scratch']` entry is room
   * for n floats that the kernel uses and nobody reads: no copy either way. A `[n, 'new']` entry is a
   * result of n floats that becomes a new array, made from the memory in one copy (no zero-filling
   * first); the new arrays are returned in the order of their entries.
   */
  call(arrays: readonly StagedEntry[], body: (at: readonly number[]) => void): Float32Array[];
}

export type StagedEntry = readonly [Float32Array | Int32Array, 'in' | 'out' | 'inout'] | readonly [number, 'scratch' | 'new'];

/** Where a result goes: into `out` when the caller gave one, else into a new array of n floats. */
export function resultEntry(out: Float32Array | null, n: number): StagedEntry {
  return out ? [out, 'out'] : [n, 'new'];
}

/**
 * One input copied in, `run(inputByte, outputByte)` in WebAssembly, the n-float result copied into `out`
 * or a new array, which is returned: the shape of every one-operand kernel (unary, log-softmax, im2col,
 * col2im, transposes).
 */
export function throughWasm(st: Staging, input: Float32Array, out: Float32Array | null, n: number, run: (inAt: number, outAt: number) => void): Float32Array {
  const [made] = st.call([[input, 'in'], resultEntry(out, n)], ([i, o]) => run(i!, o!));
  return out ?? made!;
}

/**
 * Bytes of readable, writable room after the last entry: kernels may read a vector past the end of an
 * operand (lanes they never use) and im2col may store one whose extra lanes the next store overwrites.
 */
const SLACK = 64;

/** Staging on `memory` from byte `start()` on (the end of the optimizer-state arena, which may move between calls). */
export function createStaging(memory: WebAssembly.Memory, start: () => number): Staging {
  let f32 = new Float32Array(memory.buffer);
  let i32 = new Int32Array(memory.buffer);
  let base = start();

  function reserve(bytes: number): void {
    const need = base + bytes;
    const have = memory.buffer.byteLength;
    if (need > have) memory.grow(Math.ceil((need - have) / 65536));
    if (f32.buffer !== memory.buffer) {
      f32 = new Float32Array(memory.buffer);
      i32 = new Int32Array(memory.buffer);
    }
  }

  return {
    call(arrays, body) {
      base = start();
      const at: number[] = [];
      let bytes = 0;
      for (const [a] of arrays) {
        at.push(base + bytes);
        bytes += (((typeof a === 'number' ? a : a.length) + 3) & ~3) * 4; // 16-byte aligned
      }
      reserve(bytes + SLACK);
      arrays.forEach(([a, mode], i) => {
        if (typeof a !== 'number' && mode !== 'out') (a instanceof Float32Array ? f32 : i32).set(a, at[i]! / 4);
      });
      body(at);
      if (f32.buffer !== memory.buffer) reserve(0); // a kernel never grows memory, but stay safe
      const made: Float32Array[] = [];
      arrays.forEach(([a, mode], i) => {
        const from = at[i]! / 4;
        if (typeof a === 'number') {
          if (mode === 'new') made.push(new Float32Array(f32.subarray(from, from + a))); // allocated and copied, never zeroed
          return;
        }
        if (mode === 'in') return;
        if (a instanceof Float32Array) a.set(f32.subarray(from, from + a.length));
        else a.set(i32.subarray(from, from + a.length));
      });
      return made;
    },
  };
}
