import type { ConvGeometry, FloatArray } from '../kernels.js';

/**
 * im2col: one output row per window position (n, oy, ox), holding the window's
 * C·FH·FW values in (c, ky, kx) order. Rows are written contiguously.
 */
export function im2col(x: FloatArray, out: FloatArray, g: ConvGeometry, padValue: number): void {
  const { N, C, H, W, FH, FW, stride, pad, OH, OW } = g;
  let o = 0;
  for (let n = 0; n < N; n++)
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++)
        for (let c = 0; c < C; c++) {
          const plane = (n * C + c) * H;
          for (let ky = 0; ky < FH; ky++) {
            const y = oy * stride + ky - pad;
            const inside = y >= 0 && y < H;
            for (let kx = 0; kx < FW; kx++) {
              const xx = ox * stride + kx - pad;
              out[o++] = inside && xx >= 0 && xx < W ? x[(plane + y) * W + xx]! : padValue;
            }
          }
        }
}

/** col2im: the adjoint of im2col; overlapping windows add, padding positions are dropped. */
export function col2im(col: FloatArray, out: FloatArray, g: ConvGeometry): void {
  const { N, C, H, W, FH, FW, stride, pad, OH, OW } = g;
  out.fill(0);
  let o = 0;
  for (let n = 0; n < N; n++)
    for (let oy = 0; oy < OH; oy++)
      for (let ox = 0; ox < OW; ox++)
        for (let c = 0; c < C; c++) {
          const plane = (n * C + c) * H;
          for (let ky = 0; ky < FH; ky++) {
            const y = oy * stride + ky - pad;
            const inside = y >= 0 && y < H;
            for (let kx = 0; kx < FW; kx++, o++) {
              const xx = ox * stride + kx - pad;
              if (inside && xx >= 0 && xx < W) out[(plane + y) * W + xx]! += col[o]!;
            }
          }
        }
}

/** Max over each window, with the flat input index of the first maximum (padding never wins). */
export function maxPool(x: FloatArray, out: FloatArray, argmax: Int32Array, g: ConvGeometry): void {
  const { N, C, H, W, FH, FW, stride, pad, OH, OW } = g;
  let o = 0;
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++) {
      const plane = (n * C + c) * H * W;
      for (let oy = 0; oy < OH; oy++)
        for (let ox = 0; ox < OW; ox++, o++) {
          let best = -Infinity;
          let at = -1;
          for (let ky = 0; ky < FH; ky++) {
            const y = oy * stride + ky - pad;
            if (y < 0 || y >= H) continue;
            for (let kx = 0; kx < FW; kx++) {
              const xx = ox * stride + kx - pad;
              if (xx < 0 || xx >= W) continue;
              const i = plane + y * W + xx;
              const v = x[i]!;
              if (at < 0 || v > best || (v !== v && best === best)) {
                best = v;
                at = i;
              }
            }
          }
          out[o] = best;
          argmax[o] = at;
        }
    }
}

export function maxPoolBackward(dout: FloatArray, argmax: Int32Array, out: FloatArray): void {
  out.fill(0);
  for (let i = 0; i < dout.length; i++) out[argmax[i]!]! += dout[i]!;
}
