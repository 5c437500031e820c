/**
 * The book's util.py: the window sweeps that turn convolution and pooling into plain array
 * operations (im2col, col2im, and max pooling's window maximum), where the layers meet the kernels.
 */
import { kernelsFor } from '../backend/index.js';
import { ShapeError, fmtShape } from '../errors/index.js';
import { allocate } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { checkStridePad, convGeometry } from './conv-geometry.js';

/**
 * The book's im2col: each (FH × FW) window of x (N, C, H, W) becomes a row of
 * the result (N·OH·OW, C·FH·FW), so a convolution is one matrix product.
 *
 * @example
 * ```ts
 * import { Tensor, im2col } from 'scratchnet';
 * const x = Tensor.from(Array.from({ length: 9 }, (_, i) => i), { shape: [1, 1, 3, 3] });
 * im2col(x, 2, 2).toArray(); // [[0, 1, 3, 4], [1, 2, 4, 5], [3, 4, 6, 7], [4, 5, 7, 8]]
 * ```
 */
export function im2col(x: Tensor, FH: number, FW: number, stride = 1, pad = 0, padValue = 0): Tensor {
  checkStridePad('im2col', stride, pad);
  const g = convGeometry('im2col', x.shape, FH, FW, stride, pad);
  const out = kernelsFor(x.dtype).im2col(x.data, null, g, padValue);
  return new Tensor(out, [g.N * g.OH * g.OW, g.C * FH * FW]);
}

/**
 * im2col written into `reuse` when it holds the same number of values (a layer's columns from its
 * previous forward, no longer needed), else into a new tensor: columns of tens of MB made fresh each
 * step cost more in first-touch page faults than the copy itself (docs/benchmarks.md, DeepConvNet).
 */
export function im2colReusing(x: Tensor, FH: number, FW: number, stride: number, pad: number, reuse: Tensor | null): Tensor {
  const g = convGeometry('im2col', x.shape, FH, FW, stride, pad);
  const shape = [g.N * g.OH * g.OW, g.C * FH * FW];
  const into = reuse !== null && reuse.dtype === x.dtype && reuse.size === shape[0]! * shape[1]! ? reuse.data : null;
  const out = kernelsFor(x.dtype).im2col(x.data, into, g, 0);
  return into === reuse?.data ? reuse!.reshape(shape) : new Tensor(out, shape);
}

/**
 * The book's col2im, the adjoint of im2col (overlapping windows add): turns
 * gradients with respect to the columns into a gradient for x of `inputShape`.
 */
export function col2im(col: Tensor, inputShape: readonly number[], FH: number, FW: number, stride = 1, pad = 0): Tensor {
  checkStridePad('col2im', stride, pad);
  const geom = convGeometry('col2im', inputShape, FH, FW, stride, pad);
  const rows = geom.N * geom.OH * geom.OW;
  if (col.ndim !== 2 || col.shape[0] !== rows || col.shape[1] !== geom.C * FH * FW) {
    throw new ShapeError(`col2im: expected columns of shape [${rows}, ${geom.C * FH * FW}] for input ${fmtShape(inputShape)}, got ${fmtShape(col.shape)}`);
  }
  const out = kernelsFor(col.dtype).col2im(col.data, null, geom);
  return new Tensor(out, inputShape);
}

/**
 * Max pooling's sweep, the window maximum of x (N, C, H, W) per channel: the result (N, C, OH, OW)
 * and, for backward, the flat index into x of each maximum (the first one; padding is never one).
 */
export function maxPoolWindows(x: Tensor, PH: number, PW: number, stride: number, pad: number): { out: Tensor; argmax: Int32Array } {
  const g = convGeometry('Pooling', x.shape, PH, PW, stride, pad);
  const out = allocate(x.dtype, g.N * g.C * g.OH * g.OW);
  const argmax = new Int32Array(out.length);
  kernelsFor(x.dtype).maxPool(x.data, out, argmax, g);
  return { out: new Tensor(out, [g.N, g.C, g.OH, g.OW]), argmax };
}

/** Each entry of dout added at its window's maximum, in a gradient of x's shape (zero elsewhere; overlapping windows add). */
export function routeToMax(dout: Tensor, argmax: Int32Array, inputShape: readonly number[]): Tensor {
  const size = inputShape.reduce((a, b) => a * b, 1);
  return new Tensor(kernelsFor(dout.dtype).maxPoolBackward(dout.data, argmax, null, size), inputShape);
}
