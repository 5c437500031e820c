// AssemblyScript: compiled to WebAssembly by scripts/build-wasm.mjs (not by tsc).
// Float32 matrix product with 128-bit SIMD, C (m×n) = A (m×k, row-major) · B, where B has
// been packed into panels of 8 columns: panel q holds B(p, 8q .. 8q+7) for p = 0 .. k−1,
// contiguous, zero-padded past n. A 4×8 block of C keeps its 8 vector sums in registers.

// @ts-ignore: decorator
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  if (RELAXED) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

import { tile4, transposeInto } from './transpose';

/** The first free byte after the module's static data: the JS side places buffers from here. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}

/** Packs B into 8-column panels. B(p, j) = transB ? b[j·k + p] : b[p·n + j]. Whole panels move 4×8 floats at a time. */
export function packB(b: usize, bp: usize, k: i32, n: i32, transB: bool): void {
  const panels = (n + 7) >> 3;
  for (let q = 0; q < panels; q++) {
    const j0 = q << 3;
    const base = bp + (<usize>q * <usize>k << 5);
    let p = 0;
    if (j0 + 8 <= n && transB) {
      // rows j0 .. j0+7 of the stored b, four columns at a time, transposed into place
      const rowBytes = <usize>k << 2;
      const src = b + <usize>j0 * rowBytes;
      for (; p + 4 <= k; p += 4) {
        tile4(src + (<usize>p << 2), rowBytes, base + (<usize>p << 5), 32);
        tile4(src + 4 * rowBytes + (<usize>p << 2), rowBytes, base + (<usize>p << 5) + 16, 32);
      }
    } else if (j0 + 8 <= n) {
      for (; p < k; p++) {
        const src = b + ((<usize>p * <usize>n + <usize>j0) << 2);
        v128.store(base + (<usize>p << 5), v128.load(src));
        v128.store(base + (<usize>p << 5), v128.load(src, 16), 16);
      }
    }
    for (; p < k; p++) {
      const dst = base + (<usize>p << 5);
      for (let c = 0; c < 8; c++) {
        const j = j0 + c;
        let v: f32 = 0;
        if (j < n) v = transB ? load<f32>(b + ((<usize>j * <usize>k + <usize>p) << 2)) : load<f32>(b + ((<usize>p * <usize>n + <usize>j) << 2));
        store<f32>(dst + (<usize>c << 2), v);
      }
    }
  }
}

/** Transposes a (k×m, row-major) into at (m×k, row-major): the packed form of Aᵀ. */
export function transpose(a: usize, at: usize, k: i32, m: i32): void {
  transposeInto(a, at, k, m);
}

function storeBlock(c: usize, n: i32, row: i32, j0: i32, lo: v128, hi: v128, bias: usize): void {
  if (bias != 0) {
    // + b(j0 .. j0+7), added as the block is stored (past n the lanes are read but never stored)
    lo = f32x4.add(lo, v128.load(bias + (<usize>j0 << 2)));
    hi = f32x4.add(hi, v128.load(bias + (<usize>j0 << 2), 16));
  }
  const dst = c + ((<usize>row * <usize>n + <usize>j0) << 2);
  if (j0 + 8 <= n) {
    v128.store(dst, lo);
    v128.store(dst, hi, 16);
    return;
  }
  const valid = n - j0;
  if (valid > 0) store<f32>(dst, f32x4.extract_lane(lo, 0));
  if (valid > 1) store<f32>(dst, f32x4.extract_lane(lo, 1), 4);
  if (valid > 2) store<f32>(dst, f32x4.extract_lane(lo, 2), 8);
  if (valid > 3) store<f32>(dst, f32x4.extract_lane(lo, 3), 12);
  if (valid > 4) store<f32>(dst, f32x4.extract_lane(hi, 0), 16);
  if (valid > 5) store<f32>(dst, f32x4.extract_lane(hi, 1), 20);
  if (valid > 6) store<f32>(dst, f32x4.extract_lane(hi, 2), 24);
}

/**
 * C rows [r0, r1) = A · Bpacked, plus the row vector at `bias` (n floats; 0 for none) as each block is
 * stored: Affine's X·W + b in one pass. Row blocks are independent, so threads can split them.
 */
export function gemmRows(a: usize, bp: usize, c: usize, n: i32, k: i32, bias: usize, r0: i32, r1: i32): void {
  const panels = (n + 7) >> 3;
  const rowBytes = <usize>k << 2;
  let i = r0;
  for (; i + 4 <= r1; i += 4) {
    const a0 = a + <usize>i * rowBytes;
    const a1 = a0 + rowBytes;
    const a2 = a1 + rowBytes;
    const a3 = a2 + rowBytes;
    for (let q = 0; q < panels; q++) {
      let panel = bp + (<usize>q * <usize>k << 5);
      if (n - (q << 3) <= 4) {
        // a last panel with 4 columns or fewer: its upper half is padding, so skip those multiply-adds
        let d0 = f32x4.splat(0), d1 = f32x4.splat(0), d2 = f32x4.splat(0), d3 = f32x4.splat(0);
        for (let p: usize = 0; p < rowBytes; p += 4) {
          const b0 = v128.load(panel);
          panel += 32;
          d0 = madd(d0, v128.load32_splat(a0 + p), b0);
          d1 = madd(d1, v128.load32_splat(a1 + p), b0);
          d2 = madd(d2, v128.load32_splat(a2 + p), b0);
          d3 = madd(d3, v128.load32_splat(a3 + p), b0);
        }
        const zero = f32x4.splat(0);
        storeBlock(c, n, i, q << 3, d0, zero, bias);
        storeBlock(c, n, i + 1, q << 3, d1, zero, bias);
        storeBlock(c, n, i + 2, q << 3, d2, zero, bias);
        storeBlock(c, n, i + 3, q << 3, d3, zero, bias);
        continue;
      }
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
      let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
      let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      for (let p: usize = 0; p < rowBytes; p += 4) {
        const b0 = v128.load(panel);
        const b1 = v128.load(panel, 16);
        panel += 32;
        const x0 = v128.load32_splat(a0 + p);
        const x1 = v128.load32_splat(a1 + p);
        const x2 = v128.load32_splat(a2 + p);
        const x3 = v128.load32_splat(a3 + p);
        c00 = madd(c00, x0, b0); c01 = madd(c01, x0, b1);
        c10 = madd(c10, x1, b0); c11 = madd(c11, x1, b1);
        c20 = madd(c20, x2, b0); c21 = madd(c21, x2, b1);
        c30 = madd(c30, x3, b0); c31 = madd(c31, x3, b1);
      }
      const j0 = q << 3;
      storeBlock(c, n, i, j0, c00, c01, bias);
      storeBlock(c, n, i + 1, j0, c10, c11, bias);
      storeBlock(c, n, i + 2, j0, c20, c21, bias);
      storeBlock(c, n, i + 3, j0, c30, c31, bias);
    }
  }
  for (; i < r1; i++) {
    const a0 = a + <usize>i * rowBytes;
    for (let q = 0; q < panels; q++) {
      let panel = bp + (<usize>q * <usize>k << 5);
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
      for (let p: usize = 0; p < rowBytes; p += 4) {
        const x0 = v128.load32_splat(a0 + p);
        c00 = madd(c00, x0, v128.load(panel));
        c01 = madd(c01, x0, v128.load(panel, 16));
        panel += 32;
      }
      storeBlock(c, n, i, q << 3, c00, c01, bias);
    }
  }
}
