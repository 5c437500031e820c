/**
 * The LSTM step of the book's second volume in one pass over its values: the truth the fast backends'
 * fused LSTM kernels are tested against. A (n, 4H) holds the pre-activations of the gates f, g, i, o
 * side by side, as the book slices them.
 */
import type { FloatArray } from '../kernels.js';
import { sigmoid } from './elementwise.js';

/**
 * gates (n, 4H) = [σ(A_f), tanh(A_g), σ(A_i), σ(A_o)]; c = f⊙c_prev + g⊙i; tanhC = tanh(c); h = o⊙tanhC.
 * Each value is computed in double and rounded once when stored.
 */
export function lstmForward(A: FloatArray, cPrev: FloatArray, gates: FloatArray, c: FloatArray, tanhC: FloatArray, h: FloatArray, n: number, H: number): void {
  for (let r = 0; r < n; r++) {
    const a = r * 4 * H, s = r * H;
    for (let j = 0; j < H; j++) {
      const f = (gates[a + j] = sigmoid(A[a + j]!));
      const g = (gates[a + H + j] = Math.tanh(A[a + H + j]!));
      const i = (gates[a + 2 * H + j] = sigmoid(A[a + 2 * H + j]!));
      const o = (gates[a + 3 * H + j] = sigmoid(A[a + 3 * H + j]!));
      const cj = (c[s + j] = f! * cPrev[s + j]! + g! * i!);
      const t = (tanhC[s + j] = Math.tanh(cj!));
      h[s + j] = o! * t!;
    }
  }
}

/**
 * From ∂L/∂h and ∂L/∂c of the step and what the forward wrote: ds = dc + dh⊙o⊙(1 − tanh²c),
 * dA = [ds⊙c_prev⊙f(1 − f), ds⊙i⊙(1 − g²), ds⊙g⊙i(1 − i), dh⊙tanh c⊙o(1 − o)], dc_prev = ds⊙f.
 */
export function lstmBackward(gates: FloatArray, cPrev: FloatArray, tanhC: FloatArray, dh: FloatArray, dc: FloatArray, dA: FloatArray, dcPrev: FloatArray, n: number, H: number): void {
  for (let r = 0; r < n; r++) {
    const a = r * 4 * H, s = r * H;
    for (let j = 0; j < H; j++) {
      const f = gates[a + j]!, g = gates[a + H + j]!, i = gates[a + 2 * H + j]!, o = gates[a + 3 * H + j]!;
      const t = tanhC[s + j]!, dhj = dh[s + j]!;
      const ds = dc[s + j]! + dhj * o * ((1 - t) * (1 + t));
      dA[a + j] = ds * cPrev[s + j]! * f * (1 - f);
      dA[a + H + j] = ds * i * ((1 - g) * (1 + g));
      dA[a + 2 * H + j] = ds * g * i * (1 - i);
      dA[a + 3 * H + j] = dhj * t * o * (1 - o);
      dcPrev[s + j] = ds * f;
    }
  }
}
