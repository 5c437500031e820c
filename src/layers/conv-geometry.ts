import type { ConvGeometry } from '../backend/kernels.js';
import { ShapeError, ValueError, fmtShape } from '../errors/index.js';

/**
 * The window sweep of a convolution or pooling layer over NCHW input, checked:
 * OH = (H + 2·pad − FH)/stride + 1 must be a whole number ≥ 1.
 */
export function convGeometry(layer: string, shape: readonly number[], FH: number, FW: number, stride: number, pad: number): ConvGeometry {
  if (shape.length !== 4) {
    const hint = shape.length === 2 ? '; reshape flat images to [N, 1, 28, 28] (loadMnist with flatten: false)' : '';
    throw new ShapeError(`${layer}: expected input of shape [N, C, H, W], got ${fmtShape(shape)}${hint}`);
  }
  if (!Number.isSafeInteger(FH) || !Number.isSafeInteger(FW) || FH < 1 || FW < 1) throw new ValueError(`${layer}: the window must be at least 1×1 whole pixels, got ${FH}×${FW}`);
  const [N, C, H, W] = shape as [number, number, number, number];
  const size = (what: string, full: number, k: number): number => {
    const span = full + 2 * pad - k;
    if (span < 0) throw new ShapeError(`${layer}: the ${k}-pixel window is larger than the padded ${what} ${full} + 2·${pad} = ${full + 2 * pad}`);
    if (span % stride !== 0) {
      throw new ShapeError(`${layer}: output ${what} (${full} + 2·${pad} − ${k})/${stride} + 1 = ${span / stride + 1} is not a whole number; change the stride or padding`);
    }
    return span / stride + 1;
  };
  return { N, C, H, W, FH, FW, stride, pad, OH: size('height', H, FH), OW: size('width', W, FW) };
}

/** Checks stride ≥ 1 and 0 ≤ pad, both integers. */
export function checkStridePad(layer: string, stride: number, pad: number): void {
  if (!Number.isSafeInteger(stride) || stride < 1) throw new ValueError(`${layer}: stride must be an integer ≥ 1, got ${stride}`);
  if (!Number.isSafeInteger(pad) || pad < 0) throw new ValueError(`${layer}: pad must be an integer ≥ 0, got ${pad}`);
}
