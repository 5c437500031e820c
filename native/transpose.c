/* Batched transpose, out (batch, cols, rows) = each (rows × cols) matrix of a transposed: 8×8 blocks in
 * registers (AVX), the last block of a row or column overlapping the one before it (it writes the same
 * values again), or 32×32 tiles of single values (portable C, or matrices under 8×8), so that reads and
 * writes both stay in cache. A copy: every target gives the same bits. Compiled once per target by target.c. */
#include "simd.h"
#include "kernels.h"

static void transpose1(const float *src, float *dst, int64_t rows, int64_t cols) {
#ifdef HAVE_TR8
  if (rows >= 8 && cols >= 8) {
    for (int64_t r = 0; r < rows; r += 8) {
      int64_t r8 = r + 8 <= rows ? r : rows - 8;
      for (int64_t c = 0; c < cols; c += 8) {
        int64_t c8 = c + 8 <= cols ? c : cols - 8;
        tr8x8(src + r8 * cols + c8, cols, dst + c8 * rows + r8, rows);
      }
    }
    return;
  }
#endif
  for (int64_t r0 = 0; r0 < rows; r0 += 32)
    for (int64_t c0 = 0; c0 < cols; c0 += 32) {
      int64_t r1 = rows - r0 < 32 ? rows : r0 + 32, c1 = cols - c0 < 32 ? cols : c0 + 32;
      for (int64_t i = r0; i < r1; i++)
        for (int64_t j = c0; j < c1; j++) dst[j * rows + i] = src[i * cols + j];
    }
}

static void SN(transpose_batched)(const float *a, float *out, int64_t batch, int64_t rows, int64_t cols) {
  for (int64_t t = 0; t < batch; t++) transpose1(a + t * rows * cols, out + t * rows * cols, rows, cols);
}
