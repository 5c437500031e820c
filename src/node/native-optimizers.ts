import type { FloatArray, Kernels, StateArray } from '../backend/kernels.js';
import { referenceKernels as ref } from '../backend/reference/index.js';
import { ArrayState, onArrays } from '../backend/reference/state.js';
import { WASM_MIN_ELEMENTS } from '../backend/wasm/wasm-elementwise.js';
import { call, f32 } from './native-call.js';
import type { NativeAddon } from './native-loader.js';

type Step = Pick<Kernels, 'newState' | 'momentumStep' | 'nesterovStep' | 'rmspropStep' | 'adamStep'>;

/**
 * float32 optimizer state in the native module's memory (64-byte aligned, outside the JavaScript heap),
 * freed when this object and its array are collected: nobody frees it by hand. Its array is an ordinary
 * Float32Array over that memory, so every backend's step works on it in place.
 */
export class NativeState extends ArrayState {}

/**
 * The optimizer steps on the native module, in place on the parameter and its state. A parameter the
 * WebAssembly backend steps in TypeScript (float64, or fewer than WASM_MIN_ELEMENTS values) is stepped
 * by the reference here too, so both backends give the same bits.
 */
export function createNativeOptimizers(addon: NativeAddon, select: () => void): Step {
  function step(p: FloatArray, g: FloatArray, states: readonly StateArray[], kernel: (p: Float32Array, g: Float32Array, s: Float32Array[]) => void, reference: (arrays: FloatArray[]) => void): void {
    onArrays(states, (arrays) => {
      if (f32(p) && f32(g) && p.length >= WASM_MIN_ELEMENTS && arrays.every(f32)) {
        select();
        call(() => kernel(p, g, arrays as Float32Array[]));
      } else {
        reference(arrays);
      }
    });
  }

  return {
    newState: (dtype, n) => (dtype === 'float32' ? new NativeState(call(() => addon.newState(n))) : ref.newState(dtype, n)),

    momentumStep(p, g, v, lr, alpha) {
      step(p, g, [v], (pp, pg, [pv]) => addon.momentumStep(pp, pg, pv!, lr, alpha, 1, 0), ([va]) => ref.momentumStep(p, g, va!, lr, alpha));
    },

    nesterovStep(p, g, v, lr, alpha) {
      step(p, g, [v], (pp, pg, [pv]) => addon.momentumStep(pp, pg, pv!, lr, alpha, alpha * alpha, (1 + alpha) * lr), ([va]) => ref.nesterovStep(p, g, va!, lr, alpha));
    },

    rmspropStep(p, g, h, lr, rho, gain, eps) {
      step(p, g, [h], (pp, pg, [ph]) => addon.rmspropStep(pp, pg, ph!, lr, rho, gain, eps), ([ha]) => ref.rmspropStep(p, g, ha!, lr, rho, gain, eps));
    },

    adamStep(p, g, m, v, lrT, beta1, beta2, eps) {
      step(p, g, [m, v], (pp, pg, [pm, pv]) => addon.adamStep(pp, pg, pm!, pv!, lrT, beta1, beta2, eps), ([ma, va]) => ref.adamStep(p, g, ma!, va!, lrT, beta1, beta2, eps));
    },
  };
}
