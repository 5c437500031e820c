import { addV, checkValue, type Value } from './value.js';

/**
 * The add node z = x + y: backward passes the upstream gradient to both inputs unchanged.
 *
 * @example
 * ```ts
 * import { AddLayer } from 'scratchnet';
 * const add = new AddLayer();
 * add.forward(200, 450);            // 650
 * const [dx, dy] = add.backward(1.1); // [1.1, 1.1]
 * ```
 */
export class AddLayer {
  /** x + y. */
  forward(x: number, y: number): number;
  forward(x: Value, y: Value): Value;
  forward(x: Value, y: Value): Value {
    return addV(checkValue('AddLayer.forward', x), checkValue('AddLayer.forward', y));
  }

  /** dx = dout, dy = dout */
  backward(dout: number): [number, number];
  backward(dout: Value): [Value, Value];
  backward(dout: Value): [Value, Value] {
    checkValue('AddLayer.backward', dout);
    return [dout, dout];
  }
}
