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
      for (let ox = 0; ox < OW; ox++) {
        const y0 = oy * stride - pad;
        const x0 = ox * stride - pad;
        const wholeRow = x0 >= 0 && x0 + FW <= W; // the window's columns are all inside: no test per value
        for (let c = 0; c < C; c++) {
          const plane = (n * C + c) * H;
          for (let ky = 0; ky < FH; ky++) {
            const y = y0 + ky;
            if (y < 0 || y >= H) {
              for (let kx = 0; kx < FW; kx++) out[o++] = padValue;
            } else if (wholeRow) {
              const from = (plane + y) * W + x0;
              for (let kx = 0; kx < FW; kx++) out[o++] = x[from + kx]!;
            } else {
              const rowStart = (plane + y) * W;
              for (let kx = 0; kx < FW; kx++) {
                const xx = x0 + kx;
                out[o++] = xx >= 0 && xx < W ? x[rowStart + xx]! : padValue;
              }
            }
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
      for (let ox = 0; ox < OW; ox++) {
        const y0 = oy * stride - pad;
        const x0 = ox * stride - pad;
        const wholeRow = x0 >= 0 && x0 + FW <= W;
        for (let c = 0; c < C; c++) {
          const plane = (n * C + c) * H;
          for (let ky = 0; ky < FH; ky++) {
            const y = y0 + ky;
            if (y < 0 || y >= H) {
              o += FW; // padding: dropped
            } else if (wholeRow) {
              const to = (plane + y) * W + x0;
              for (let kx = 0; kx < FW; kx++) out[to + kx]! += col[o++]!;
            } else {
              const rowStart = (plane + y) * W;
              for (let kx = 0; kx < FW; kx++, o++) {
                const xx = x0 + kx;
                if (xx >= 0 && xx < W) out[rowStart + xx]! += col[o]!;
              }
            }
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
