import { ValueError } from '../errors/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkStridePad } from './conv-geometry.js';
import { maxPoolWindows, routeToMax } from './im2col.js';
import { checkDout, checkTensor, type ForwardOptions, type Layer, type TensorRecord } from './layer.js';

/**
 * Max pooling over (PH × PW) windows of NCHW input, per channel. `pad` is
 * honoured (the book's version computes its output size without it): padded
 * positions count as −∞, so they are never the maximum, as in PyTorch and ONNX.
 *
 * @example
 * ```ts
 * import { Pooling, Tensor } from 'scratchnet';
 * const pool = new Pooling(2, 2, 2);
 * pool.forward(Tensor.from([[[[1, 2], [4, 3]]]])).toArray(); // [[[[4]]]]
 * pool.backward(Tensor.from([[[[1]]]])).toArray();           // [[[[0, 0], [1, 0]]]]
 * ```
 */
export class Pooling implements Layer {
  readonly kind = 'Pooling';
  readonly params: TensorRecord = {};
  readonly grads: TensorRecord = {};
  private cache: { argmax: Int32Array; xShape: readonly number[] } | null = null;
  private out: Tensor | null = null;

  constructor(readonly poolH: number, readonly poolW: number, readonly stride = 2, readonly pad = 0) {
    checkStridePad('Pooling', stride, pad);
    if (!Number.isSafeInteger(poolH) || !Number.isSafeInteger(poolW) || poolH < 1 || poolW < 1) throw new ValueError(`Pooling: the window must be at least 1×1 whole pixels, got ${poolH}×${poolW}`);
    if (pad >= poolH || pad >= poolW) throw new ValueError(`Pooling: pad ${pad} must be smaller than the ${poolH}×${poolW} window (a window of padding alone has no maximum)`);
  }

  forward(x: Tensor, _options: ForwardOptions = {}): Tensor {
    checkTensor('Pooling.forward', x);
    const { out, argmax } = maxPoolWindows(x, this.poolH, this.poolW, this.stride, this.pad);
    this.cache = { argmax, xShape: x.shape };
    this.out = out;
    return out;
  }

  // dx = dout routed to the position of each window's maximum (zero elsewhere; overlapping windows add)
  backward(dout: Tensor): Tensor {
    checkDout('Pooling', dout, this.out);
    return routeToMax(dout, this.cache!.argmax, this.cache!.xShape);
  }
}
