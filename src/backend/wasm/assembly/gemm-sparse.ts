// AssemblyScript: C (m×n) = A·B for an A with many zeros, skipping them. MNIST's pixels are about
// 80% zeros, so the first layer's X·W and Xᵀ·dY do a fifth of the multiply-adds. Each row of A is
// listed (the byte offsets of B's rows p where A(i, p) is not zero, and those values, in p order), then
// each entry of C sums its nonzero terms in the same order as the dense kernels sum all of theirs,
// with the same multiply-add, so the result is the same to the bit: a skipped term is A(i, p)·B(p, j)
// = ±0, which leaves a sum unchanged (a sum starting at +0 is never −0). That holds only when B is
// finite (0·∞ is NaN), which the caller checks with allFinite (elementwise.ts) first.

// @ts-ignore: decorator
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  if (RELAXED) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

/**
 * How many nonzeros (NaN counts, −0 does not) are among the 4 floats at a, a + 4·step, a + 8·step, ...
 * of the first len: every step-th group of 4, a sample to estimate the density from (step 1: all).
 */
export function countNonzero(a: usize, len: i32, step: i32): i32 {
  const zero = f32x4.splat(0);
  let counts = i32x4.splat(0);
  const stride = <usize>step << 4;
  const end = a + (<usize>(len >> 2) << 4);
  for (let at = a; at < end; at += stride) counts = i32x4.sub(counts, f32x4.ne(v128.load(at), zero));
  return i32x4.extract_lane(counts, 0) + i32x4.extract_lane(counts, 1) + i32x4.extract_lane(counts, 2) + i32x4.extract_lane(counts, 3);
}

/**
 * For each 4-bit mask of nonzero lanes, the byte shuffle that moves those lanes to the front of a
 * vector (i8x16.swizzle; 128 selects zero), so that a group of 4 is listed without a branch per lane:
 * branches on the data mispredict on every new batch.
 */
const PACK = memory.data(256, 16);
for (let mask = 0; mask < 16; mask++) {
  let to = 0;
  for (let lane = 0; lane < 4; lane++) {
    if ((mask >> lane) & 1) {
      for (let byte = 0; byte < 4; byte++) store<u8>(PACK + (<usize>mask << 4) + <usize>(to * 4 + byte), <u8>(lane * 4 + byte));
      to++;
    }
  }
  for (let byte = to * 4; byte < 16; byte++) store<u8>(PACK + (<usize>mask << 4) + <usize>byte, 128);
}

/**
 * Lists row i of A (k floats from `row`, `step` bytes apart: 4 for a row of a row-major A, 4·m for a
 * column of an A stored k×m, read as Aᵀ) at `list`: the byte offsets p·bRowBytes of B's rows where
 * A(i, p) is not zero, then (from list + valOffset) the values A(i, p), in p order. Each group of 4 stores
 * 4 entries and keeps as many as are nonzero, so the list needs 3 spare places. Returns its length.
 * STRIDED is a constant at every call: the contiguous case loads a group as one vector. The offsets of a
 * group are a vector that steps by 4 rows of B (no multiply or splat per group).
 */
// @ts-ignore: decorator
@inline function listRow(STRIDED: bool, row: usize, step: usize, k: i32, list: usize, valOffset: usize, bRowBytes: i32): i32 {
  const zero = f32x4.splat(0);
  let offsets = i32x4(0, bRowBytes, 2 * bRowBytes, 3 * bRowBytes);
  const advance = i32x4.splat(4 * bRowBytes);
  let t = 0;
  let p = 0;
  let at = row;
  for (; p + 4 <= k; p += 4) {
    let v: v128;
    if (STRIDED) {
      v = v128.load32_zero(at);
      v = f32x4.replace_lane(v, 1, load<f32>(at + step));
      v = f32x4.replace_lane(v, 2, load<f32>(at + 2 * step));
      v = f32x4.replace_lane(v, 3, load<f32>(at + 3 * step));
      at += 4 * step;
    } else {
      v = v128.load(at);
      at += 16;
    }
    const mask = i32x4.bitmask(f32x4.ne(v, zero));
    const pack = v128.load(PACK + (<usize>mask << 4));
    const dst = list + (<usize>t << 2);
    if (RELAXED) {
      // one pshufb: the lanes past popcnt(mask) are never read, so relaxed's choice for index 128 is moot
      v128.store(dst, i8x16.relaxed_swizzle(offsets, pack));
      v128.store(dst + valOffset, i8x16.relaxed_swizzle(v, pack));
    } else {
      v128.store(dst, i8x16.swizzle(offsets, pack));
      v128.store(dst + valOffset, i8x16.swizzle(v, pack));
    }
    offsets = i32x4.add(offsets, advance);
    t += popcnt(mask);
  }
  for (; p < k; p++) {
    const x = load<f32>(row + <usize>p * step);
    const dst = list + (<usize>t << 2);
    store<i32>(dst, p * bRowBytes);
    store<f32>(dst + valOffset, x);
    t += i32(x != 0);
  }
  return t;
}

/** Bytes of scratch one thread's row list takes (offsets and values, with the spare places). */
// @ts-ignore: decorator
@inline function listBytes(k: i32): usize {
  return (<usize>k + 4) << 3;
}

// @ts-ignore: decorator
@inline function storeVec(dst: usize, j: i32, n: i32, v: v128, bias: usize): void {
  // columns j .. j+3 of a row of C (+ b(j .. j+3)); lanes past n are neither read from b's meaning nor stored
  if (bias != 0) v = f32x4.add(v, v128.load(bias + (<usize>j << 2)));
  const at = dst + (<usize>j << 2);
  if (j + 4 <= n) {
    v128.store(at, v);
    return;
  }
  store<f32>(at, f32x4.extract_lane(v, 0));
  if (j + 1 < n) store<f32>(at, f32x4.extract_lane(v, 1), 4);
  if (j + 2 < n) store<f32>(at, f32x4.extract_lane(v, 2), 8);
}

/**
 * W vectors (4W columns from j0) of row i of C, summed over the row's count listed nonzeros in order. W is a
 * constant at every call, so each width compiles to its own loop with W sums held in registers.
 */
// @ts-ignore: decorator
@inline function rowChunk(W: i32, count: i32, idx: usize, val: usize, b: usize, dst: usize, j0: i32, n: i32, bias: usize): void {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  let s4 = f32x4.splat(0), s5 = f32x4.splat(0), s6 = f32x4.splat(0);
  const col = b + (<usize>j0 << 2);
  for (let t = 0; t < count; t++) {
    const row = col + <usize>load<i32>(idx + (<usize>t << 2));
    const x = v128.load32_splat(val + (<usize>t << 2));
    s0 = madd(s0, x, v128.load(row));
    if (W > 1) s1 = madd(s1, x, v128.load(row, 16));
    if (W > 2) s2 = madd(s2, x, v128.load(row, 32));
    if (W > 3) s3 = madd(s3, x, v128.load(row, 48));
    if (W > 4) s4 = madd(s4, x, v128.load(row, 64));
    if (W > 5) s5 = madd(s5, x, v128.load(row, 80));
    if (W > 6) s6 = madd(s6, x, v128.load(row, 96));
  }
  storeVec(dst, j0, n, s0, bias);
  if (W > 1) storeVec(dst, j0 + 4, n, s1, bias);
  if (W > 2) storeVec(dst, j0 + 8, n, s2, bias);
  if (W > 3) storeVec(dst, j0 + 12, n, s3, bias);
  if (W > 4) storeVec(dst, j0 + 16, n, s4, bias);
  if (W > 5) storeVec(dst, j0 + 20, n, s5, bias);
  if (W > 6) storeVec(dst, j0 + 24, n, s6, bias);
}

/**
 * Rows [r0, r1) of C = A·B (+ the row vector at `bias`, n floats; 0 for none) for A (m×k, row-major;
 * with transA, stored k×m and read transposed, column by column) with many zeros: each row is listed (in L1, at scratch + (r0/4)·listBytes(k), a place of its own for
 * each thread) and then multiplied. B is stored k×n row-major (its rows' last vector may read a few
 * floats past n, into lanes never stored). Rows are independent, so threads can split them.
 */
export function gemmSparse(a: usize, b: usize, c: usize, n: i32, k: i32, bias: usize, scratch: usize, transA: bool, m: i32, r0: i32, r1: i32): void {
  const idx = scratch + (<usize>(r0 >> 2)) * listBytes(k);
  const val = idx + ((<usize>k + 4) << 2);
  const bRowBytes = n << 2;
  // two loops, so that each listing compiles on its own (one loop choosing per row was compiled to one
  // listing loop that tested the mode in every group: 1.2× slower)
  if (transA) {
    for (let i = r0; i < r1; i++) {
      const count = listRow(true, a + (<usize>i << 2), <usize>m << 2, k, idx, val - idx, bRowBytes); // column i of A stored k×m
      multiplyRow(count, idx, val, b, c + ((<usize>i * <usize>n) << 2), n, bias);
    }
  } else {
    for (let i = r0; i < r1; i++) {
      const count = listRow(false, a + ((<usize>i * <usize>k) << 2), 4, k, idx, val - idx, bRowBytes);
      multiplyRow(count, idx, val, b, c + ((<usize>i * <usize>n) << 2), n, bias);
    }
  }
}

/**
 * Row dst of C from the row's list, 7 vectors (28 columns) at a time: V8 gives WebAssembly 15 vector
 * registers, and 7 sums, 7 vectors of B and the splat value fill them; 8 sums spilled one to the
 * stack on every term (7 measured 1.07–1.3× faster than 8 on MNIST rows, n = 50 and 100).
 */
function multiplyRow(count: i32, idx: usize, val: usize, b: usize, dst: usize, n: i32, bias: usize): void {
  const vectors = (n + 3) >> 2;
  for (let v = 0; v < vectors; v += 7) {
    const j0 = v << 2;
    switch (min(7, vectors - v)) {
      case 7: rowChunk(7, count, idx, val, b, dst, j0, n, bias); break;
      case 6: rowChunk(6, count, idx, val, b, dst, j0, n, bias); break;
      case 5: rowChunk(5, count, idx, val, b, dst, j0, n, bias); break;
      case 4: rowChunk(4, count, idx, val, b, dst, j0, n, bias); break;
      case 3: rowChunk(3, count, idx, val, b, dst, j0, n, bias); break;
      case 2: rowChunk(2, count, idx, val, b, dst, j0, n, bias); break;
      default: rowChunk(1, count, idx, val, b, dst, j0, n, bias);
    }
  }
}

/** Scratch gemmSparse needs for rows [0, m) split in blocks of 4 across any number of threads. */
export function sparseScratchBytes(m: i32, k: i32): usize {
  return (<usize>((m + 3) >> 2) + 1) * listBytes(k);
}
