import { checkValue, mulV, negV, reciprocalV, type Value } from './value.js';
import { notYetForward } from './state.js';

/**
 * The reciprocal node y = 1/x (the "/" node of the sigmoid graph). It caches y.
 *
 * @example
 * ```ts
 * import { Reciprocal } from 'scratchnet';
 * const node = new Reciprocal();
 * node.forward(2);  // 0.5
 * node.backward(1); // −(0.5)² = −0.25
 * ```
 */
export class Reciprocal {
  private out: Value | null = null;

  /** 1/x; keeps the output for backward. */
  forward(x: number): number;
  forward(x: Value): Value;
  forward(x: Value): Value {
    this.out = reciprocalV(checkValue('Reciprocal.forward', x));
    return this.out;
  }

  /** dy/dx = −1/x² = −y², so dx = −dout·y² */
  backward(dout: number): number;
  backward(dout: Value): Value;
  backward(dout: Value): Value {
    if (this.out === null) throw notYetForward('Reciprocal');
    const y = this.out;
    return negV(mulV(checkValue('Reciprocal.backward', dout), mulV(y, y)));
  }
}
