import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng } from '../../src/index.js';
import type { NativeAddon } from '../../src/node/native-loader.js';
import { native, skipUnlessNative } from './native-helpers.js';

type Args = unknown[];

const f = (n: number): Float32Array => new Float32Array(n).map((_, i) => (i % 7) - 3);
const i32 = (n: number): Int32Array => new Int32Array(n);

/** A valid call of every binding, for small random sizes. */
function validCalls(rng: Rng): Record<string, () => Args> {
  const s = (max: number): number => 1 + rng.int(max);
  return {
    matmul: () => {
      const [m, n, k] = [s(20), s(20), s(20)];
      return [f(m * k), f(k * n), f(m * n), m, n, k, rng.uniform() < 0.5, rng.uniform() < 0.5, rng.uniform() < 0.5 ? f(n) : null, m % 2 === 0 ? 2 : 0];
    },
    transposeBatched: () => {
      const [b, r, c] = [s(3), s(9), s(9)];
      return [f(b * r * c), f(b * r * c), b, r, c];
    },
    lstmForward: () => {
      const [n, H] = [s(9), s(9)];
      return [f(4 * n * H), f(n * H), f(4 * n * H), f(n * H), f(n * H), f(n * H), n, H];
    },
    lstmBackward: () => {
      const [n, H] = [s(9), s(9)];
      return [f(4 * n * H), f(n * H), f(n * H), f(n * H), f(n * H), f(4 * n * H), f(n * H), n, H];
    },
    binaryRows: () => {
      const [r, c] = [s(9), s(9)];
      return [rng.int(8), f(r * c), c, 1, f(c), 0, 1, f(r * c), r, c];
    },
    unary: () => {
      const n = s(50);
      return [rng.int(10), f(n), f(n)];
    },
    reduceSum: () => {
      const [o, l, i] = [s(5), s(5), s(5)];
      return [f(o * l * i), f(o * i), o, l, i];
    },
    reduceMax: () => {
      const [o, l, i] = [s(5), s(5), s(5)];
      return [f(o * l * i), f(o * i), o, l, i];
    },
    argmax: () => {
      const [o, l, i] = [s(5), s(5), s(5)];
      return [f(o * l * i), i32(o * i), o, l, i];
    },
    axpy: () => {
      const n = s(40);
      return [0.5, f(n), f(n)];
    },
    allFinite: () => [f(s(40))],
    logSoftmax: () => {
      const [r, c] = [s(6), s(12)];
      return [f(r * c), f(r * c), r, c];
    },
    im2col: () => {
      const [N, C, H, W] = [s(2), s(2), s(6), s(6)];
      const [FH, FW] = [s(H), s(W)];
      const [OH, OW] = [H - FH + 1, W - FW + 1];
      return [f(N * C * H * W), f(N * OH * OW * C * FH * FW), N, C, H, W, FH, FW, 1, 0, OH, OW, 0];
    },
    col2im: () => {
      const [N, C, H, W] = [s(2), s(2), s(6), s(6)];
      const [FH, FW] = [s(H), s(W)];
      const [OH, OW] = [H - FH + 1, W - FW + 1];
      return [f(N * OH * OW * C * FH * FW), f(N * C * H * W), N, C, H, W, FH, FW, 1, 0, OH, OW];
    },
    maxPool: () => {
      const [N, C, H, W] = [s(2), s(2), 2 * s(4), 2 * s(4)];
      const n = N * C * (H / 2) * (W / 2);
      return [f(N * C * H * W), f(n), i32(n), N, C, H, W, 2, 2, 2, 0, H / 2, W / 2];
    },
    maxPoolBackward: () => {
      const n = s(20);
      return [f(n), Int32Array.from({ length: n }, () => rng.int(30)), f(30), 30];
    },
    momentumStep: () => {
      const n = s(40);
      return [f(n), f(n), f(n), 0.1, 0.9, 1, 0];
    },
    rmspropStep: () => {
      const n = s(40);
      return [f(n), f(n), f(n), 0.01, 0.99, 0.01, 1e-7];
    },
    adamStep: () => {
      const n = s(40);
      return [f(n), f(n), f(n), f(n), 0.001, 0.9, 0.999, 1e-8];
    },
  };
}

/** A replacement for one argument: another type, a typed array of another kind or length, or an out-of-range number. */
function mutant(rng: Rng, original: unknown): unknown {
  const len = ArrayBuffer.isView(original) && 'length' in original ? (original as Float32Array).length : 8;
  const choices: (() => unknown)[] = [
    () => undefined, () => null, () => 'x', () => ({}), () => [1, 2, 3], () => 3n, () => true, () => () => 0,
    () => NaN, () => -1, () => -0, () => 0.5, () => 2 ** 53, () => 1e300, () => Infinity, () => -Infinity, () => 2 ** 31, () => 0, () => 1,
    () => new Float32Array(Math.max(0, len + (rng.uniform() < 0.5 ? 1 : -1))), () => new Float32Array(0), () => new Float32Array(rng.int(2 * len + 2)),
    () => new Float64Array(len), () => new Int32Array(len), () => new Uint8Array(len * 4), () => new Float32Array(new SharedArrayBuffer(len * 4)),
    () => new Float32Array(len + 8).subarray(3, 3 + len), () => new DataView(new ArrayBuffer(len * 4)),
    () => (typeof original === 'number' ? original + (rng.uniform() < 0.5 ? 1 : -1) : original),
    () => (typeof original === 'number' ? original * (2 + rng.int(1000)) : original),
  ];
  return choices[rng.int(choices.length)]!();
}

describe('native entry checks', { skip: skipUnlessNative() }, () => {
  it('every binding answers 12,000 mutated argument lists with a result or an error coded DTYPE, SHAPE or VALUE, never a crash', () => {
    const addon = native() as unknown as Record<string, (...a: unknown[]) => unknown>;
    const rng = new Rng(38);
    const calls = validCalls(rng);
    const reached = new Map<string, number>();
    let ok = 0;
    const names = Object.keys(calls);
    for (const name of names) assert.equal(typeof addon[name], 'function', `the module exports ${name}`);
    for (let t = 0; t < 12_000; t++) {
      const name = names[t % names.length]!;
      const args = calls[name]!();
      const mutations = 1 + rng.int(3);
      for (let m = 0; m < mutations; m++) {
        const at = rng.int(args.length + 1);
        if (at === args.length) {
          if (rng.uniform() < 0.5) args.pop();
          else args.push(f(4));
        } else {
          args[at] = mutant(rng, args[at]);
        }
      }
      try {
        addon[name]!(...args);
        ok++;
      } catch (e) {
        const code = (e as { code?: string }).code;
        assert.ok(code === 'SCRATCHNET_DTYPE' || code === 'SCRATCHNET_SHAPE' || code === 'SCRATCHNET_VALUE', `${name}(${args.map((a) => (ArrayBuffer.isView(a) ? `${a.constructor.name}(${(a as Float32Array).length})` : String(a))).join(', ')}) threw ${String(e)}`);
        const check = `${code} ${(e as Error).message.replace(/-?\d[\d.e+-]*/g, 'N').slice(0, 70)}`;
        reached.set(check, (reached.get(check) ?? 0) + 1);
      }
    }
    // every binding's valid call must also work, unmutated
    for (const name of names) addon[name]!(...calls[name]!());
    console.log(`${ok} mutated calls were still valid; the checks reached:\n${[...reached].sort((x, y) => y[1] - x[1]).map(([k, v]) => `  ${String(v).padStart(5)}  ${k}`).join('\n')}`);
    assert.ok(reached.size >= 40, `${reached.size} distinct checks reached`);
  });

  it('never reads past an operand: the largest valid calls on arrays that end exactly at a page boundary still work', () => {
    const addon = native() as NativeAddon;
    // a Float32Array over the end of an ArrayBuffer: a read past it would touch memory the buffer does not own (the sanitizer build reports it)
    const tail = (n: number): Float32Array => new Float32Array(new ArrayBuffer(4 * (n + 1021)), 4 * 1021, n).fill(1);
    for (const [m, n, k] of [[17, 33, 19], [1, 1, 1], [3, 47, 5]] as const) {
      addon.matmul(tail(m * k), tail(k * n), tail(m * n), m, n, k, false, false, tail(n), 0);
      addon.matmul(tail(m * k), tail(k * n), tail(m * n), m, n, k, true, true, null, 0);
    }
    for (let n = 1; n < 70; n++) {
      addon.unary(3, tail(n), tail(n));
      addon.binaryRows(0, tail(n), 0, 1, tail(n), 0, 1, tail(n), 1, n);
      addon.adamStep(tail(n), tail(n), tail(n), tail(n), 0.1, 0.9, 0.999, 1e-8);
      assert.equal(addon.allFinite(tail(n)), true);
    }
  });
});
