// AssemblyScript: im2col and col2im for float32 NCHW data, the same loops as the TypeScript
// reference (src/backend/reference/im2col.ts), with whole in-bounds window rows copied by SIMD.

/** Every (fh × fw) window of x (n, c, h, w) becomes a row of out (n·oh·ow, c·fh·fw); padding reads padValue. */
export function im2col(x: usize, out: usize, n: i32, c: i32, h: i32, w: i32, fh: i32, fw: i32, stride: i32, pad: i32, oh: i32, ow: i32, padValue: f32): void {
  let o = out;
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++) {
        const y0 = oy * stride - pad;
        const x0 = ox * stride - pad;
        const wholeRow = x0 >= 0 && x0 + fw <= w;
        for (let ch = 0; ch < c; ch++) {
          const plane = (b * c + ch) * h;
          for (let ky = 0; ky < fh; ky++) {
            const y = y0 + ky;
            if (y < 0 || y >= h) {
              for (let kx = 0; kx < fw; kx++) {
                store<f32>(o, padValue);
                o += 4;
              }
            } else if (wholeRow) {
              const from = x + (<usize>((plane + y) * w + x0) << 2);
              let kx = 0;
              for (; kx + 4 <= fw; kx += 4) v128.store(o + (<usize>kx << 2), v128.load(from + (<usize>kx << 2)));
              for (; kx < fw; kx++) store<f32>(o + (<usize>kx << 2), load<f32>(from + (<usize>kx << 2)));
              o += <usize>fw << 2;
            } else {
              const rowStart = x + (<usize>((plane + y) * w) << 2);
              for (let kx = 0; kx < fw; kx++) {
                const xx = x0 + kx;
                store<f32>(o, xx >= 0 && xx < w ? load<f32>(rowStart + (<usize>xx << 2)) : padValue);
                o += 4;
              }
            }
          }
        }
      }
}

/** The adjoint: out (n, c, h, w), zeroed here, gets every column value added back where im2col read it. */
export function col2im(col: usize, out: usize, n: i32, c: i32, h: i32, w: i32, fh: i32, fw: i32, stride: i32, pad: i32, oh: i32, ow: i32): void {
  memory.fill(out, 0, <usize>(n * c * h * w) << 2);
  let o = col;
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++) {
        const y0 = oy * stride - pad;
        const x0 = ox * stride - pad;
        const wholeRow = x0 >= 0 && x0 + fw <= w;
        for (let ch = 0; ch < c; ch++) {
          const plane = (b * c + ch) * h;
          for (let ky = 0; ky < fh; ky++) {
            const y = y0 + ky;
            if (y < 0 || y >= h) {
              o += <usize>fw << 2;
            } else if (wholeRow) {
              const to = out + (<usize>((plane + y) * w + x0) << 2);
              let kx = 0;
              for (; kx + 4 <= fw; kx += 4) {
                const p = to + (<usize>kx << 2);
                v128.store(p, f32x4.add(v128.load(p), v128.load(o + (<usize>kx << 2))));
              }
              for (; kx < fw; kx++) {
                const p = to + (<usize>kx << 2);
                store<f32>(p, load<f32>(p) + load<f32>(o + (<usize>kx << 2)));
              }
              o += <usize>fw << 2;
            } else {
              const rowStart = out + (<usize>((plane + y) * w) << 2);
              for (let kx = 0; kx < fw; kx++) {
                const xx = x0 + kx;
                if (xx >= 0 && xx < w) {
                  const p = rowStart + (<usize>xx << 2);
                  store<f32>(p, load<f32>(p) + load<f32>(o));
                }
                o += 4;
              }
            }
          }
        }
      }
}

/** out (batch, cols, rows) = each (rows × cols) matrix of a transposed, in 32×32 tiles. */
export function transposeBatched(a: usize, out: usize, batch: i32, rows: i32, cols: i32): void {
  const T = 32;
  for (let b = 0; b < batch; b++) {
    const base = <usize>b * <usize>rows * <usize>cols;
    for (let r0 = 0; r0 < rows; r0 += T)
      for (let c0 = 0; c0 < cols; c0 += T) {
        const r1 = min(rows, r0 + T);
        const c1 = min(cols, c0 + T);
        for (let r = r0; r < r1; r++)
          for (let c = c0; c < c1; c++)
            store<f32>(out + ((base + <usize>c * <usize>rows + <usize>r) << 2), load<f32>(a + ((base + <usize>r * <usize>cols + <usize>c) << 2)));
      }
  }
}
