import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, ShapeError, referenceKernels as ref } from '../../src/index.js';
import { firstBitDifference, isas, nativeKernels, skipUnlessNative } from './native-helpers.js';

/**
 * The stated agreement with the reference (which rounds once, from double): |got − want| ≤ 4e-6·(|want| + S),
 * S the largest |c_prev|, |dh|, |dc| of the case (at least 1): a few float32 roundings of the operands,
 * since ds = dc + dh⊙o⊙(1 − tanh²c) may cancel.
 */
const TOL = 4e-6;

function near(got: Float32Array, want: Float32Array, S: number, label: string): void {
  for (let i = 0; i < got.length; i++) {
    const [g, w] = [got[i]!, want[i]!];
    if (g === w || (Number.isNaN(g) && Number.isNaN(w))) continue;
    assert.ok(Math.abs(g - w) <= TOL * (Math.abs(w) + S), `${label}: entry ${i} is ${g}, the reference ${w}`);
  }
}

const largest = (...arrays: Float32Array[]): number => Math.max(1, ...arrays.map((a) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));

/** Pre-activations of a random scale, with some far in the saturated tails (±20, ±100, ±∞). */
function values(rng: Rng, n: number): Float32Array {
  const scale = Math.exp(rng.uniform(-2, 2.5));
  const tails = [20, -20, 100, -100, 87.5, -87.5, Infinity, -Infinity, 0, -0];
  return Float32Array.from({ length: n }, () => (rng.uniform() < 0.03 ? tails[rng.int(tails.length)]! : rng.normal() * scale));
}

function step(kernels: typeof ref, A: Float32Array, cPrev: Float32Array, dh: Float32Array, dc: Float32Array, n: number, H: number): Float32Array[] {
  const [gates, c, tanhC, h, dA, dcPrev] = [4 * n * H, n * H, n * H, n * H, 4 * n * H, n * H].map((len) => new Float32Array(len)) as [Float32Array, Float32Array, Float32Array, Float32Array, Float32Array, Float32Array];
  kernels.lstmForward(A, cPrev, gates, c, tanhC, h, n, H);
  kernels.lstmBackward(gates, cPrev, tanhC, dh, dc, dA, dcPrev, n, H);
  return [gates, c, tanhC, h, dA, dcPrev];
}

const NAMES = ['gates', 'c', 'tanhC', 'h', 'dA', 'dcPrev'];

describe('native fused LSTM step', { skip: skipUnlessNative() }, () => {
  it('agrees with the reference kernel within 4e-6·(|value| + input scale) on random shapes, for every instruction set, with the same bits for 1 and 2 threads', () => {
    const rng = new Rng(17);
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + rng.int(trial < 30 ? 9 : 300), H = 1 + rng.int(trial < 30 ? 40 : 300);
      const A = values(rng, 4 * n * H), cPrev = values(rng, n * H).map((v) => (Number.isFinite(v) ? v : 0));
      const dh = values(rng, n * H).map((v) => (Number.isFinite(v) ? v : 1)), dc = values(rng, n * H).map((v) => (Number.isFinite(v) ? v : -1));
      const want = step(ref, A, cPrev, dh, dc, n, H);
      for (const isa of isas()) {
        const one = step(nativeKernels(isa, 1), A, cPrev, dh, dc, n, H);
        const two = step(nativeKernels(isa, 2, 0), A, cPrev, dh, dc, n, H);
        one.forEach((got, k) => {
          near(got, want[k]!, largest(cPrev, dh, dc), `${isa} ${NAMES[k]} (n ${n}, H ${H})`);
          assert.equal(firstBitDifference(got, two[k]!), -1, `${isa} ${NAMES[k]}: 1 and 2 threads differ (n ${n}, H ${H})`);
        });
      }
    }
  });

  it('gives NaN where A is NaN, and σ(−∞) = 0, tanh(+∞) = 1', () => {
    const k = nativeKernels(isas()[0]!, 1);
    const A = Float32Array.of(NaN, -Infinity, Infinity, Infinity), cPrev = Float32Array.of(0);
    const [gates, c, tanhC, h] = [new Float32Array(4), new Float32Array(1), new Float32Array(1), new Float32Array(1)];
    k.lstmForward(A, cPrev, gates, c, tanhC, h, 1, 1);
    assert.ok(Number.isNaN(gates[0]!));
    assert.deepEqual([gates[1], gates[2], gates[3]], [-1, 1, 1]);
    assert.ok(Number.isNaN(c[0]!) && Number.isNaN(h[0]!));
  });

  it('refuses arrays of the wrong length with a typed error', () => {
    const k = nativeKernels(isas()[0]!, 1);
    const f = (len: number): Float32Array => new Float32Array(len);
    assert.throws(() => k.lstmForward(f(7), f(2), f(8), f(2), f(2), f(2), 1, 2), ShapeError);
    assert.throws(() => k.lstmBackward(f(8), f(2), f(2), f(2), f(1), f(8), f(2), 1, 2), ShapeError);
  });
});
