// AssemblyScript: matrix transposes in 4×4 blocks of SIMD shuffles (the remainders one by one), used to
// pack operands for the matrix product and for the batched transposes of tensors.

/** Transposes the 4×4 block at src (row stride srcStride bytes) into dst (row stride dstStride bytes). */
// @ts-ignore: decorator
@inline export function tile4(src: usize, srcStride: usize, dst: usize, dstStride: usize): void {
  const r0 = v128.load(src);
  const r1 = v128.load(src + srcStride);
  const r2 = v128.load(src + 2 * srcStride);
  const r3 = v128.load(src + 3 * srcStride);
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + dstStride, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * dstStride, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * dstStride, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/** out (cols × rows) = a (rows × cols) transposed. */
export function transposeInto(a: usize, out: usize, rows: i32, cols: i32): void {
  const inRow = <usize>cols << 2;
  const outRow = <usize>rows << 2;
  const r4 = rows & ~3;
  const c4 = cols & ~3;
  for (let r = 0; r < r4; r += 4) {
    const src = a + <usize>r * inRow;
    for (let c = 0; c < c4; c += 4) tile4(src + (<usize>c << 2), inRow, out + <usize>c * outRow + (<usize>r << 2), outRow);
    for (let c = c4; c < cols; c++)
      for (let i = 0; i < 4; i++) store<f32>(out + <usize>c * outRow + (<usize>(r + i) << 2), load<f32>(src + <usize>i * inRow + (<usize>c << 2)));
  }
  for (let r = r4; r < rows; r++)
    for (let c = 0; c < cols; c++) store<f32>(out + <usize>c * outRow + (<usize>r << 2), load<f32>(a + <usize>r * inRow + (<usize>c << 2)));
}

/** out (batch, cols, rows) = each (rows × cols) matrix of a transposed. */
export function transposeBatched(a: usize, out: usize, batch: i32, rows: i32, cols: i32): void {
  const bytes = <usize>rows * <usize>cols << 2;
  for (let b = 0; b < batch; b++) transposeInto(a + <usize>b * bytes, out + <usize>b * bytes, rows, cols);
}
