/* Batched transpose, out (batch, cols, rows) = each (rows × cols) matrix of a transposed, in 8×8
 * blocks (AVX) or 32×32 tiles (portable C) so that reads and writes both stay in cache. A copy: every
 * target gives the same bits. Compiled once per target by target.c. */
#include "simd.h"
#include "kernels.h"

static void SN(transpose_batched)(const float *a, float *out, int64_t batch, int64_t rows, int64_t cols) {
  for (int64_t t = 0; t < batch; t++) {
    const float *src = a + t * rows * cols;
    float *dst = out + t * rows * cols;
    int64_t r = 0;
#ifdef HAVE_TR8
    for (; r + 8 <= rows; r += 8) {
      int64_t c = 0;
      for (; c + 8 <= cols; c += 8) tr8x8(src + r * cols + c, cols, dst + c * rows + r, rows);
      for (; c < cols; c++)
        for (int i = 0; i < 8; i++) dst[c * rows + r + i] = src[(r + i) * cols + c];
    }
#endif
    for (int64_t r0 = r; r0 < rows; r0 += 32)
      for (int64_t c0 = 0; c0 < cols; c0 += 32) {
        int64_t r1 = rows - r0 < 32 ? rows : r0 + 32, c1 = cols - c0 < 32 ? cols : c0 + 32;
        for (int64_t i = r0; i < r1; i++)
          for (int64_t j = c0; j < c1; j++) dst[j * rows + i] = src[i * cols + j];
      }
  }
}
