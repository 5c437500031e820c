// AssemblyScript: C (m×n) = Aᵀ·B with A stored k×m and B stored k×n (both row-major), without
// transposing or packing anything: backprop's weight gradient Xᵀ·dY, and the convolution's, where k is
// the batch (times the output positions) and can be far larger than m and n. Row p of A holds
// A(p, i .. i+3) side by side and row p of B holds B(p, j .. j+7), so a 4×8 block of C is a sum of
// outer products read straight from the operands. k is walked in blocks that stay in cache while
// every block of C takes its share; C is the accumulator between blocks.
// Partial blocks at the right and bottom edges read up to 7 floats past a row (staging keeps the memory
// after each operand readable) and store only the entries that exist.

const KB = 256;

// @ts-ignore: decorator
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  if (RELAXED) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

// @ts-ignore: decorator
@inline function loadRow(c: usize, first: bool, cols: i32, lane: i32): v128 {
  // the accumulator's start: zero in the first block of k, else what the previous blocks stored
  if (first || cols <= lane) return f32x4.splat(0);
  if (cols >= lane + 4) return v128.load(c + (<usize>lane << 2));
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(c + (<usize>lane << 2)));
  if (cols > lane + 1) v = f32x4.replace_lane(v, 1, load<f32>(c + (<usize>(lane + 1) << 2)));
  if (cols > lane + 2) v = f32x4.replace_lane(v, 2, load<f32>(c + (<usize>(lane + 2) << 2)));
  return v;
}

// @ts-ignore: decorator
@inline function storeRow(c: usize, cols: i32, lane: i32, v: v128): void {
  if (cols <= lane) return;
  if (cols >= lane + 4) {
    v128.store(c + (<usize>lane << 2), v);
    return;
  }
  store<f32>(c + (<usize>lane << 2), f32x4.extract_lane(v, 0));
  if (cols > lane + 1) store<f32>(c + (<usize>(lane + 1) << 2), f32x4.extract_lane(v, 1));
  if (cols > lane + 2) store<f32>(c + (<usize>(lane + 2) << 2), f32x4.extract_lane(v, 2));
}

/** Rows [r0, r1) of C = Aᵀ·B (r0 a multiple of 4). Each entry sums p = 0, 1, ..., k−1 in order. */
export function gemmTN(a: usize, b: usize, c: usize, m: i32, n: i32, k: i32, r0: i32, r1: i32): void {
  const aRow = <usize>m << 2;
  const bRow = <usize>n << 2;
  const cRow = <usize>n << 2;
  if (k == 0) {
    for (let i = r0; i < r1; i++) memory.fill(c + <usize>i * cRow, 0, cRow);
    return;
  }
  for (let p0 = 0; p0 < k; p0 += KB) {
    const p1 = min(k, p0 + KB);
    const first = p0 == 0;
    for (let i = r0; i < r1; i += 4) {
      const rows = min(4, r1 - i);
      for (let j = 0; j < n; j += 8) {
        const cols = min(8, n - j);
        const c0 = c + <usize>i * cRow + (<usize>j << 2);
        const c1 = c0 + cRow;
        const c2 = c1 + cRow;
        const c3 = c2 + cRow;
        if (cols <= 4) {
          // 4 columns or fewer at the right edge: one vector per row, half the multiply-adds
          let t0 = loadRow(c0, first, cols, 0);
          let t1 = loadRow(c1, first || rows < 2, cols, 0);
          let t2 = loadRow(c2, first || rows < 3, cols, 0);
          let t3 = loadRow(c3, first || rows < 4, cols, 0);
          let ap = a + <usize>p0 * aRow + (<usize>i << 2);
          let bp = b + <usize>p0 * bRow + (<usize>j << 2);
          for (let p = p0; p < p1; p++) {
            const b0 = v128.load(bp);
            t0 = madd(t0, v128.load32_splat(ap), b0);
            t1 = madd(t1, v128.load32_splat(ap, 4), b0);
            t2 = madd(t2, v128.load32_splat(ap, 8), b0);
            t3 = madd(t3, v128.load32_splat(ap, 12), b0);
            ap += aRow;
            bp += bRow;
          }
          storeRow(c0, cols, 0, t0);
          if (rows > 1) storeRow(c1, cols, 0, t1);
          if (rows > 2) storeRow(c2, cols, 0, t2);
          if (rows > 3) storeRow(c3, cols, 0, t3);
          continue;
        }
        let s00 = loadRow(c0, first, cols, 0), s01 = loadRow(c0, first, cols, 4);
        let s10 = loadRow(c1, first || rows < 2, cols, 0), s11 = loadRow(c1, first || rows < 2, cols, 4);
        let s20 = loadRow(c2, first || rows < 3, cols, 0), s21 = loadRow(c2, first || rows < 3, cols, 4);
        let s30 = loadRow(c3, first || rows < 4, cols, 0), s31 = loadRow(c3, first || rows < 4, cols, 4);
        let ap = a + <usize>p0 * aRow + (<usize>i << 2);
        let bp = b + <usize>p0 * bRow + (<usize>j << 2);
        for (let p = p0; p < p1; p++) {
          const b0 = v128.load(bp);
          const b1 = v128.load(bp, 16);
          const x0 = v128.load32_splat(ap);
          const x1 = v128.load32_splat(ap, 4);
          const x2 = v128.load32_splat(ap, 8);
          const x3 = v128.load32_splat(ap, 12);
          s00 = madd(s00, x0, b0); s01 = madd(s01, x0, b1);
          s10 = madd(s10, x1, b0); s11 = madd(s11, x1, b1);
          s20 = madd(s20, x2, b0); s21 = madd(s21, x2, b1);
          s30 = madd(s30, x3, b0); s31 = madd(s31, x3, b1);
          ap += aRow;
          bp += bRow;
        }
        storeRow(c0, cols, 0, s00); storeRow(c0, cols, 4, s01);
        if (rows > 1) { storeRow(c1, cols, 0, s10); storeRow(c1, cols, 4, s11); }
        if (rows > 2) { storeRow(c2, cols, 0, s20); storeRow(c2, cols, 4, s21); }
        if (rows > 3) { storeRow(c3, cols, 0, s30); storeRow(c3, cols, 4, s31); }
      }
    }
  }
}
