import { checkValue, expV, mulV, type Value } from './value.js';
import { notYetForward } from './state.js';

/**
 * The exp node y = eˣ. Its derivative is itself, so it caches its output y.
 *
 * @example
 * ```ts
 * import { Exp } from 'scratchnet';
 * const node = new Exp();
 * node.forward(0);  // 1
 * node.backward(2); // 2·e⁰ = 2
 * ```
 */
export class Exp {
  private out: Value | null = null;

  /** eˣ; keeps the output for backward. */
  forward(x: number): number;
  forward(x: Value): Value;
  forward(x: Value): Value {
    this.out = expV(checkValue('Exp.forward', x));
    return this.out;
  }

  /** dx = dout·eˣ = dout·y */
  backward(dout: number): number;
  backward(dout: Value): Value;
  backward(dout: Value): Value {
    if (this.out === null) throw notYetForward('Exp');
    return mulV(checkValue('Exp.backward', dout), this.out);
  }
}
