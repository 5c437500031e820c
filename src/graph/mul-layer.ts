import { checkValue, mulV, type Value } from './value.js';
import { notYetForward } from './state.js';

/**
 * The multiply node z = x·y of a computational graph.
 *
 * @example
 * ```ts
 * import { MulLayer } from 'scratchnet';
 * const mul = new MulLayer();
 * mul.forward(100, 2);              // 200
 * const [dx, dy] = mul.backward(1); // [2, 100]: the inputs swapped
 * ```
 */
export class MulLayer {
  private x: Value | null = null;
  private y: Value | null = null;

  /** x·y; keeps x and y for backward. */
  forward(x: number, y: number): number;
  forward(x: Value, y: Value): Value;
  forward(x: Value, y: Value): Value {
    this.x = checkValue('MulLayer.forward', x);
    this.y = checkValue('MulLayer.forward', y);
    return mulV(x, y);
  }

  /** dx = dout·y, dy = dout·x: each input receives the upstream gradient times the other input */
  backward(dout: number): [number, number];
  backward(dout: Value): [Value, Value];
  backward(dout: Value): [Value, Value] {
    if (this.x === null || this.y === null) throw notYetForward('MulLayer');
    checkValue('MulLayer.backward', dout);
    return [mulV(dout, this.y), mulV(dout, this.x)];
  }
}
