/* Dense float32 matrix product, c (m×n) = op(a)·op(b) (+ bias), for every transpose form, reading A in
 * place and B packed into panels of NR = 2·VW columns. Every entry of c is one chain of multiply-adds,
 * p = 0, 1, ..., k−1, starting from +0 (the order of the WebAssembly kernels, gemm-tn.ts and matmul.ts
 * there): k is walked in blocks of KC with c holding the float32 sum between blocks, which rounds
 * nothing extra. The bias is added to the finished sum as the last block is stored.
 * Compiled once per target by target.c. */
#include "simd.h"
#include "kernels.h"

#define NR (2 * VW)
#if defined(SN_TARGET_AVX512)
#define MR 8
#elif defined(SN_TARGET_AVX2)
#define MR 6
#else
#define MR 4
#endif
#define KC 256
#define NC 512

#define INLINE static inline __attribute__((always_inline))

#if defined(SN_TARGET_AVX512) || defined(SN_TARGET_AVX2)
/* dst (8 rows, dstride apart) = the 8×8 block at src (rows sstride apart) transposed */
INLINE void tr8x8(const float *src, int64_t sstride, float *dst, int64_t dstride) {
  __m256 r0 = _mm256_loadu_ps(src), r1 = _mm256_loadu_ps(src + sstride), r2 = _mm256_loadu_ps(src + 2 * sstride), r3 = _mm256_loadu_ps(src + 3 * sstride);
  __m256 r4 = _mm256_loadu_ps(src + 4 * sstride), r5 = _mm256_loadu_ps(src + 5 * sstride), r6 = _mm256_loadu_ps(src + 6 * sstride), r7 = _mm256_loadu_ps(src + 7 * sstride);
  __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1), t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
  __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5), t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
  __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE), u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
  __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE), u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
  _mm256_storeu_ps(dst, _mm256_permute2f128_ps(u0, u4, 0x20));
  _mm256_storeu_ps(dst + dstride, _mm256_permute2f128_ps(u1, u5, 0x20));
  _mm256_storeu_ps(dst + 2 * dstride, _mm256_permute2f128_ps(u2, u6, 0x20));
  _mm256_storeu_ps(dst + 3 * dstride, _mm256_permute2f128_ps(u3, u7, 0x20));
  _mm256_storeu_ps(dst + 4 * dstride, _mm256_permute2f128_ps(u0, u4, 0x31));
  _mm256_storeu_ps(dst + 5 * dstride, _mm256_permute2f128_ps(u1, u5, 0x31));
  _mm256_storeu_ps(dst + 6 * dstride, _mm256_permute2f128_ps(u2, u6, 0x31));
  _mm256_storeu_ps(dst + 7 * dstride, _mm256_permute2f128_ps(u3, u7, 0x31));
}
#define HAVE_TR8 1
#endif

/* Panel of columns [j0, j0 + cols) and rows [p0, p0 + kc) of B into bp (kc rows of NR floats, zero past cols). */
static void pack_panel(const float *b, float *bp, int64_t n, int64_t k, int transB, int64_t p0, int64_t kc, int64_t j0, int cols) {
  if (!transB) {
    const float *src = b + p0 * n + j0;
    if (cols == NR) {
      for (int64_t p = 0; p < kc; p++, src += n) {
        vstore(bp + p * NR, vload(src));
        vstore(bp + p * NR + VW, vload(src + VW));
      }
    } else {
      int lo = cols < VW ? cols : VW;
      for (int64_t p = 0; p < kc; p++, src += n) {
        vstore(bp + p * NR, vloadn(src, lo));
        vstore(bp + p * NR + VW, vloadn(src + VW, cols - lo));
      }
    }
    return;
  }
  /* B stored n×k: column j of op(B) is row j of b, contiguous over p */
  const float *src = b + j0 * k + p0;
  int64_t p = 0;
#ifdef HAVE_TR8
  if (cols == NR)
    for (; p + 8 <= kc; p += 8)
      for (int c0 = 0; c0 < NR; c0 += 8) tr8x8(src + c0 * k + p, k, bp + p * NR + c0, NR);
#endif
  for (; p < kc; p++) {
    float *dst = bp + p * NR;
    for (int c = 0; c < cols; c++) dst[c] = src[c * k + p];
    for (int c = cols; c < NR; c++) dst[c] = 0.0f;
  }
}

/* The MR×NR (W = 2 vectors) or MR×VW (W = 1) block of c at `c`: rows past `rows` and columns past `cols`
 * are computed from duplicates and zeros but never stored. acs is 1 (A row-major) or A's row length. */
INLINE void micro(int W, int64_t acs, const float *a, int64_t ars, int rows, const float *bp, int64_t kc, float *c, int64_t ldc, int cols, int first, const float *bias) {
  vf acc0[MR], acc1[MR];
  const float *ar[MR];
#pragma GCC unroll 16
  for (int r = 0; r < MR; r++) ar[r] = a + (r < rows ? r : 0) * ars;
  int lo = cols < VW ? cols : VW;
  int hi = cols - lo;
#pragma GCC unroll 16
  for (int r = 0; r < MR; r++) {
    if (first || r >= rows) {
      acc0[r] = vzero();
      acc1[r] = vzero();
    } else {
      acc0[r] = vloadn(c + r * ldc, lo);
      if (W == 2) acc1[r] = vloadn(c + r * ldc + VW, hi);
    }
  }
  for (int64_t p = 0; p < kc; p++) {
    vf b0 = vload(bp + p * NR);
    if (W == 2) {
      vf b1 = vload(bp + p * NR + VW);
#pragma GCC unroll 16
      for (int r = 0; r < MR; r++) {
        vf x = vset1(ar[r][p * acs]);
        acc0[r] = vmadd(acc0[r], x, b0);
        acc1[r] = vmadd(acc1[r], x, b1);
      }
    } else {
#pragma GCC unroll 16
      for (int r = 0; r < MR; r++) acc0[r] = vmadd(acc0[r], vset1(ar[r][p * acs]), b0);
    }
  }
  vf bias0 = vzero(), bias1 = vzero();
  if (bias) {
    bias0 = vloadn(bias, lo);
    if (W == 2) bias1 = vloadn(bias + VW, hi);
  }
#pragma GCC unroll 16
  for (int r = 0; r < MR; r++) {
    if (r >= rows) break;
    vf v0 = acc0[r], v1 = acc1[r];
    if (bias) {
      v0 = v0 + bias0;
      v1 = v1 + bias1;
    }
    if (cols >= NR) {
      vstore(c + r * ldc, v0);
      vstore(c + r * ldc + VW, v1);
    } else {
      vstoren(c + r * ldc, v0, lo);
      if (W == 2) vstoren(c + r * ldc + VW, v1, hi);
    }
  }
}

/* Rows [i0, i1) against the packed block of columns [j0, j0 + nc), k rows [p0, p0 + kc). */
INLINE void block(int64_t acs, const float *a, int64_t ars, const float *bp, float *c, int64_t n, int64_t i0, int64_t i1, int64_t p0, int64_t kc, int64_t j0, int64_t nc, int first, const float *bias) {
  for (int64_t i = i0; i < i1; i += MR) {
    int rows = i1 - i < MR ? (int)(i1 - i) : MR;
    const float *ai = a + i * ars + p0 * acs;
    for (int64_t q = 0; q * NR < nc; q++) {
      int cols = nc - q * NR < NR ? (int)(nc - q * NR) : NR;
      const float *bq = bp + q * NR * kc;
      float *cq = c + i * n + j0 + q * NR;
      const float *biasq = bias ? bias + j0 + q * NR : 0;
      if (cols > VW) micro(2, acs, ai, ars, rows, bq, kc, cq, n, cols, first, biasq);
      else micro(1, acs, ai, ars, rows, bq, kc, cq, n, cols, first, biasq);
    }
  }
}

/* Floats of the whole of B packed (pack below): what a product split across threads shares. */
static size_t SN(packed_floats)(int64_t n, int64_t k) { return (size_t)((n + NR - 1) / NR) * NR * (size_t)k; }

/* All of B packed, k block by k block, each block's panels side by side: the block (p0, panel q) of
 * kc rows is at p0·npad + q·NR·kc, the layout gemm packs one block at a time into when not given it. */
static void SN(pack)(const float *b, float *out, int64_t n, int64_t k, int transB) {
  int64_t npad = (n + NR - 1) / NR * NR;
  for (int64_t p0 = 0; p0 < k; p0 += KC) {
    int64_t kc = k - p0 < KC ? k - p0 : KC;
    for (int64_t q = 0; q * NR < n; q++) pack_panel(b, out + p0 * npad + q * NR * kc, n, k, transB, p0, kc, q * NR, n - q * NR < NR ? (int)(n - q * NR) : NR);
  }
}

/* `packed`: B already packed by pack (shared by the threads of a split product), or NULL to pack here. */
static int SN(gemm)(const float *a, const float *b, const float *packed, float *c, int64_t m, int64_t n, int64_t k, int transA, int transB, const float *bias, int64_t r0, int64_t r1, sn_scratch *s) {
  (void)m;
  if (r0 >= r1 || n == 0) return 0;
  if (k == 0) {
    for (int64_t i = r0; i < r1; i++)
      for (int64_t j = 0; j < n; j++) c[i * n + j] = 0.0f + (bias ? bias[j] : 0.0f);
    return 0;
  }
  int64_t ars = transA ? 1 : k, acs = transA ? m : 1;
  int64_t ncmax = n < NC ? n : NC, npad = (n + NR - 1) / NR * NR;
  float *bp = packed ? NULL : sn_scratch_get(s, (size_t)((ncmax + NR - 1) / NR) * NR * KC * sizeof(float));
  if (!packed && !bp) return -1;
  for (int64_t p0 = 0; p0 < k; p0 += KC) {
    int64_t kc = k - p0 < KC ? k - p0 : KC;
    const float *last = p0 + kc == k ? bias : 0;
    for (int64_t j0 = 0; j0 < n; j0 += NC) {
      int64_t nc = n - j0 < NC ? n - j0 : NC;
      const float *blk = packed ? packed + p0 * npad + j0 * kc : bp;
      if (!packed)
        for (int64_t q = 0; q * NR < nc; q++) {
          int cols = nc - q * NR < NR ? (int)(nc - q * NR) : NR;
          pack_panel(b, bp + q * NR * kc, n, k, transB, p0, kc, j0 + q * NR, cols);
        }
      if (acs == 1) block(1, a, ars, blk, c, n, r0, r1, p0, kc, j0, nc, p0 == 0, last);
      else block(acs, a, ars, blk, c, n, r0, r1, p0, kc, j0, nc, p0 == 0, last);
    }
  }
  return 0;
}
