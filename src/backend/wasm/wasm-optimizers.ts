import type { FloatArray, Kernels, StateArray } from '../kernels.js';
import { referenceKernels as ref } from '../reference/index.js';
import { onArrays } from '../reference/state.js';
import { WasmState, type StateArena } from './state-arena.js';
import type { Staging } from './staging.js';
import { WASM_MIN_ELEMENTS } from './wasm-elementwise.js';

/** The optimizer exports of the module (src/backend/wasm/assembly/optimizers.ts). */
export interface OptimizerExports {
  momentumStep(p: number, g: number, v: number, n: number, lr: number, alpha: number, c: number, d: number): void;
  rmspropStep(p: number, g: number, h: number, n: number, lr: number, rho: number, gain: number, eps: number): void;
  adamStep(p: number, g: number, m: number, v: number, n: number, lrT: number, beta1: number, beta2: number, eps: number): void;
}

type Step = Pick<Kernels, 'newState' | 'momentumStep' | 'nesterovStep' | 'rmspropStep' | 'adamStep'>;

/**
 * The optimizer steps. State made by this backend's newState stays in WebAssembly memory (state-arena.ts):
 * a step stages only the parameter and its gradient and hands the kernel the state's offsets. State
 * given as plain arrays (or made by another backend) is staged with them, as every other operand is.
 */
export function createWasmOptimizers(ex: OptimizerExports, st: Staging, arena: StateArena): Step {
  const ours = (s: StateArray): s is WasmState => s instanceof WasmState && s.arena === arena;

  /**
   * One step: `kernel(p, g, stateOffsets, n)` in WebAssembly with the state resident when every state
   * is ours and the parameter is float32 and long enough; else `reference(p, g, stateArrays)` on views
   * of the resident state (no staging, so memory cannot grow under them); else, for plain or foreign
   * state, the state staged like any other operand.
   */
  function step(p: FloatArray, g: FloatArray, states: readonly StateArray[], kernel: (pp: number, pg: number, at: number[], n: number) => void, reference: (arrays: FloatArray[]) => void): void {
    const inWasm = p instanceof Float32Array && g instanceof Float32Array && p.length >= WASM_MIN_ELEMENTS;
    if (states.every(ours)) {
      if (inWasm) st.call([[p as Float32Array, 'inout'], [g as Float32Array, 'in']], ([pp, pg]) => kernel(pp!, pg!, states.map((s) => s.offset), p.length));
      else reference(states.map((s) => arena.view(s)));
      return;
    }
    onArrays(states, (arrays) => {
      if (inWasm && arrays.every((a) => a instanceof Float32Array)) {
        st.call([[p as Float32Array, 'inout'], [g as Float32Array, 'in'], ...arrays.map((a) => [a as Float32Array, 'inout'] as const)], ([pp, pg, ...at]) => kernel(pp!, pg!, at as number[], p.length));
      } else {
        reference(arrays);
      }
    });
  }

  return {
    newState: (dtype, n) => (dtype === 'float32' ? arena.allocate(n) : ref.newState(dtype, n)),

    momentumStep(p, g, v, lr, alpha) {
      step(p, g, [v], (pp, pg, [pv], n) => ex.momentumStep(pp, pg, pv!, n, lr, alpha, 1, 0), ([va]) => ref.momentumStep(p, g, va!, lr, alpha));
    },

    nesterovStep(p, g, v, lr, alpha) {
      step(p, g, [v], (pp, pg, [pv], n) => ex.momentumStep(pp, pg, pv!, n, lr, alpha, alpha * alpha, (1 + alpha) * lr), ([va]) => ref.nesterovStep(p, g, va!, lr, alpha));
    },

    rmspropStep(p, g, h, lr, rho, gain, eps) {
      step(p, g, [h], (pp, pg, [ph], n) => ex.rmspropStep(pp, pg, ph!, n, lr, rho, gain, eps), ([ha]) => ref.rmspropStep(p, g, ha!, lr, rho, gain, eps));
    },

    adamStep(p, g, m, v, lrT, beta1, beta2, eps) {
      step(p, g, [m, v], (pp, pg, [pm, pv], n) => ex.adamStep(pp, pg, pm!, pv!, n, lrT, beta1, beta2, eps), ([ma, va]) => ref.adamStep(p, g, ma!, va!, lrT, beta1, beta2, eps));
    },
  };
}
