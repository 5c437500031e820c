// AssemblyScript: im2col and col2im for float32 NCHW data, the same loops as the TypeScript
// reference (src/backend/reference/im2col.ts). A window that lies wholly inside the image (every
// window but the border ones) takes a fast path: its rows are copied (or added) as vectors with the
// addresses stepped, not recomputed; border windows take the reference's per-value path.

/**
 * Copies fw floats from `from` to `to`: vectors, the last one overlapping; for fw < 4 one vector whose
 * extra lanes the next store overwrites (output is written in order), unless they would reach `limit`
 * (the end of this sample's output, which another thread may be writing): then value by value.
 */
// @ts-ignore: decorator
@inline function copyRow(to: usize, from: usize, fw: i32, limit: usize): void {
  if (fw < 4) {
    if (to + 16 <= limit) v128.store(to, v128.load(from));
    else for (let kx = 0; kx < fw; kx++) store<f32>(to + (<usize>kx << 2), load<f32>(from + (<usize>kx << 2)));
    return;
  }
  let kx = 0;
  for (; kx + 4 <= fw; kx += 4) v128.store(to + (<usize>kx << 2), v128.load(from + (<usize>kx << 2)));
  if (kx < fw) v128.store(to + (<usize>(fw - 4) << 2), v128.load(from + (<usize>(fw - 4) << 2)));
}

/** A mask of all ones in lanes 0 .. r−1 and zeros above. */
// @ts-ignore: decorator
@inline function lanesBelow(r: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(r));
}

/**
 * to[0 .. fw) += from[0 .. fw): vectors, the last 1–3 values as one vector whose extra lanes add +0,
 * unless that vector would reach `limit` (the end of this sample's planes, which another thread may be
 * updating): then value by value.
 */
// @ts-ignore: decorator
@inline function addRow(to: usize, from: usize, fw: i32, limit: usize): void {
  let kx = 0;
  for (; kx + 4 <= fw; kx += 4) {
    const p = to + (<usize>kx << 2);
    v128.store(p, f32x4.add(v128.load(p), v128.load(from + (<usize>kx << 2))));
  }
  if (kx < fw) {
    const p = to + (<usize>kx << 2);
    if (p + 16 <= limit) {
      v128.store(p, f32x4.add(v128.load(p), v128.and(v128.load(from + (<usize>kx << 2)), lanesBelow(fw - kx))));
    } else {
      for (; kx < fw; kx++) {
        const q = to + (<usize>kx << 2);
        store<f32>(q, load<f32>(q) + load<f32>(from + (<usize>kx << 2)));
      }
    }
  }
}

/**
 * The walk im2col and col2im share: every (fh × fw) window of samples [b0, b1) of the image (n, c, h, w),
 * in the order of the columns (n·oh·ow, c·fh·fw). SCATTER is a constant at both calls, so each compiles
 * to its own loops: false (im2col) copies each window into the columns, padding reading `padValue`;
 * true (col2im) adds each column value back into the image where it was read, padding dropped. `limit`
 * is the end of what the sample writes (its columns, or its image planes), which another thread's
 * sample may follow.
 */
// @ts-ignore: decorator
@inline function walkWindows(SCATTER: bool, image: usize, cols: usize, c: i32, h: i32, w: i32, fh: i32, fw: i32, stride: i32, pad: i32, oh: i32, ow: i32, padValue: f32, b0: i32, b1: i32): void {
  const planeBytes = <usize>(h * w) << 2;
  const rowBytes = <usize>w << 2;
  const fwBytes = <usize>fw << 2;
  const sampleBytes = <usize>(oh * ow * c * fh) * fwBytes;
  let o = cols + <usize>b0 * sampleBytes;
  for (let b = b0; b < b1; b++) {
    const xb = image + <usize>(b * c) * planeBytes;
    const limit = SCATTER ? xb + <usize>c * planeBytes : o + sampleBytes;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = oy * stride - pad;
      const rowsInside = y0 >= 0 && y0 + fh <= h;
      for (let ox = 0; ox < ow; ox++) {
        const x0 = ox * stride - pad;
        if (rowsInside && x0 >= 0 && x0 + fw <= w) {
          // a window wholly inside the image: its rows move as vectors
          let plane = xb + (<usize>(y0 * w + x0) << 2);
          for (let ch = 0; ch < c; ch++) {
            let row = plane;
            for (let ky = 0; ky < fh; ky++) {
              if (SCATTER) addRow(row, o, fw, limit);
              else copyRow(o, row, fw, limit);
              o += fwBytes;
              row += rowBytes;
            }
            plane += planeBytes;
          }
          continue;
        }
        for (let ch = 0; ch < c; ch++) {
          const plane = xb + <usize>ch * planeBytes;
          for (let ky = 0; ky < fh; ky++) {
            const y = y0 + ky;
            if (y < 0 || y >= h) {
              if (!SCATTER) for (let kx = 0; kx < fw; kx++) store<f32>(o + (<usize>kx << 2), padValue);
              o += fwBytes;
              continue;
            }
            const rowStart = plane + (<usize>(y * w) << 2);
            for (let kx = 0; kx < fw; kx++) {
              const xx = x0 + kx;
              const p = rowStart + (<usize>xx << 2);
              if (SCATTER) {
                if (xx >= 0 && xx < w) store<f32>(p, load<f32>(p) + load<f32>(o));
              } else {
                store<f32>(o, xx >= 0 && xx < w ? load<f32>(p) : padValue);
              }
              o += 4;
            }
          }
        }
      }
    }
  }
}

/**
 * Every (fh × fw) window of samples [b0, b1) of x (n, c, h, w) becomes a row of out (n·oh·ow, c·fh·fw);
 * padding reads the float whose bits are `padBits` (an int, so that the thread pool can pass it). Samples
 * are independent, so threads can split them.
 */
export function im2col(x: usize, out: usize, n: i32, c: i32, h: i32, w: i32, fh: i32, fw: i32, stride: i32, pad: i32, oh: i32, ow: i32, padBits: i32, b0: i32, b1: i32): void {
  walkWindows(false, x, out, c, h, w, fh, fw, stride, pad, oh, ow, reinterpret<f32>(padBits), b0, b1);
}

/**
 * The adjoint, for samples [b0, b1): their planes of out (n, c, h, w), zeroed here, get every column
 * value added back where im2col read it. Windows never cross samples, so threads can split them.
 */
export function col2im(col: usize, out: usize, n: i32, c: i32, h: i32, w: i32, fh: i32, fw: i32, stride: i32, pad: i32, oh: i32, ow: i32, b0: i32, b1: i32): void {
  const planeBytes = <usize>(h * w) << 2;
  memory.fill(out + <usize>(b0 * c) * planeBytes, 0, <usize>((b1 - b0) * c) * planeBytes);
  walkWindows(true, out, col, c, h, w, fh, fw, stride, pad, oh, ow, 0, b0, b1);
}

// @ts-ignore: decorator
@inline function takes(v: f32, best: f32): bool {
  // v wins over best if greater, or if it is the first NaN (which then stays); bitwise, so no branch
  return <bool>(<i32>(v > best) | (<i32>(v != v) & <i32>(best == best)));
}

/** The maximum of the in-bounds window rows [y0, y1) × columns [x0, x1) of a plane at `base`, and where it is. */
// @ts-ignore: decorator
@inline function poolWindow(x: usize, out: usize, argmax: usize, base: i32, w: i32, y0: i32, y1: i32, x0: i32, x1: i32): void {
  let at = base + y0 * w + x0; // the window's first in-bounds position
  let best = load<f32>(x + (<usize>at << 2));
  for (let y = y0; y < y1; y++)
    for (let xx = y == y0 ? x0 + 1 : x0; xx < x1; xx++) {
      const i = base + y * w + xx;
      const v = load<f32>(x + (<usize>i << 2));
      const t = takes(v, best);
      best = select<f32>(v, best, t);
      at = select<i32>(i, at, t);
    }
  store<f32>(out, best);
  store<i32>(argmax, at);
}

/** The 2×2, stride-2, unpadded pooling of the book's networks, four windows at a time. Returns the outputs written. */
function maxPool2x2(x: usize, out: usize, argmax: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32): usize {
  let o: usize = 0;
  const ow4 = ow & ~3;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const row = base + 2 * oy * w;
      let ox = 0;
      for (; ox < ow4; ox += 4, o += 4) {
        const i0 = row + 2 * ox;
        const top = x + (<usize>i0 << 2);
        const bottom = top + (<usize>w << 2);
        const ta = v128.load(top), tb = v128.load(top, 16);
        const ba = v128.load(bottom), bb = v128.load(bottom, 16);
        const at0 = i32x4.add(i32x4.splat(i0), i32x4(0, 2, 4, 6));
        // the window's four values in the reference's order: (0,0), (0,1), (1,0), (1,1)
        let best = i32x4.shuffle(ta, tb, 0, 2, 4, 6);
        let at = at0;
        let v = i32x4.shuffle(ta, tb, 1, 3, 5, 7);
        let take = v128.or(f32x4.gt(v, best), v128.and(f32x4.ne(v, v), f32x4.eq(best, best)));
        best = v128.bitselect(v, best, take);
        at = v128.bitselect(i32x4.add(at0, i32x4.splat(1)), at, take);
        v = i32x4.shuffle(ba, bb, 0, 2, 4, 6);
        take = v128.or(f32x4.gt(v, best), v128.and(f32x4.ne(v, v), f32x4.eq(best, best)));
        best = v128.bitselect(v, best, take);
        at = v128.bitselect(i32x4.add(at0, i32x4.splat(w)), at, take);
        v = i32x4.shuffle(ba, bb, 1, 3, 5, 7);
        take = v128.or(f32x4.gt(v, best), v128.and(f32x4.ne(v, v), f32x4.eq(best, best)));
        best = v128.bitselect(v, best, take);
        at = v128.bitselect(i32x4.add(at0, i32x4.splat(w + 1)), at, take);
        v128.store(out + (o << 2), best);
        v128.store(argmax + (o << 2), at);
      }
      for (; ox < ow; ox++, o++) poolWindow(x, out + (o << 2), argmax + (o << 2), base, w, 2 * oy, 2 * oy + 2, 2 * ox, 2 * ox + 2);
    }
  }
  return o;
}

/**
 * Max over each (fh × fw) window of x (n, c, h, w): out (n, c, oh, ow) and the flat index of the first
 * maximum; padding never wins. The comparison picks with select (no branch to mispredict on random data).
 */
export function maxPool(x: usize, out: usize, argmax: usize, n: i32, c: i32, h: i32, w: i32, fh: i32, fw: i32, stride: i32, pad: i32, oh: i32, ow: i32): void {
  if (fh == 2 && fw == 2 && stride == 2 && pad == 0) {
    maxPool2x2(x, out, argmax, n * c, h, w, oh, ow);
    return;
  }
  let o: usize = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const y0 = max(0, oy * stride - pad);
      const y1 = min(h, oy * stride - pad + fh);
      for (let ox = 0; ox < ow; ox++, o++) {
        const x0 = max(0, ox * stride - pad);
        const x1 = min(w, ox * stride - pad + fw);
        if (y0 >= y1 || x0 >= x1) {
          // a window of padding alone (Pooling refuses pad ≥ window, but the kernel may be called directly)
          store<f32>(out + (o << 2), -Infinity);
          store<i32>(argmax + (o << 2), -1);
          continue;
        }
        poolWindow(x, out + (o << 2), argmax + (o << 2), base, w, y0, y1, x0, x1);
      }
    }
  }
}

/** Routes each dout entry to its window's maximum: out (size outLen, zeroed here) [argmax[i]] += dout[i]. */
export function maxPoolBackward(dout: usize, argmax: usize, out: usize, n: i32, outLen: i32): void {
  memory.fill(out, 0, <usize>outLen << 2);
  for (let i = 0; i < n; i++) {
    const j = load<i32>(argmax + (<usize>i << 2));
    if (j < 0) continue; // a window of padding alone routes nowhere
    const at = out + (<usize>j << 2);
    store<f32>(at, load<f32>(at) + load<f32>(dout + (<usize>i << 2)));
  }
}
