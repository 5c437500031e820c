/* c (m×n) = op(A)·B (+ bias) for an A with many zeros, skipping them: MNIST's pixels are about 80% zeros,
 * so the first layer's X·W and Xᵀ·dY do a fifth of the multiply-adds. Each row of op(A) is listed (its
 * nonzero values and the offsets of the rows of B they meet, in p order), then each entry of c sums the
 * listed terms in the dense kernel's order with the same multiply-add, so the result is the dense one to
 * the bit: a skipped term A(i, p)·B(p, j) is ±0, which leaves a sum that starts at +0 unchanged. That
 * holds only for a finite B (0·∞ is NaN), which the caller checks first. B is k×n row-major here (the
 * caller transposes a B stored n×k). A row is listed without a branch per value: AVX-512 compresses the
 * nonzero lanes in a register (compressing straight to memory is very slow on Zen 4), AVX2 permutes them
 * with a table, portable C stores every value and advances past the nonzero ones.
 * Compiled once per target by target.c. */
#include "simd.h"
#include "kernels.h"

#if defined(SN_TARGET_AVX2)
/* for each 8-bit mask of nonzero lanes, the permutation that moves those lanes to the front (SN(init) fills it) */
static int32_t sparse_perm[256][8];
#endif

/* Fills the target's tables; cpu.c runs it once (pthread_once) before any kernel. */
static void SN(init)(void) {
#if defined(SN_TARGET_AVX2)
  for (int mask = 0; mask < 256; mask++) {
    int to = 0;
    for (int lane = 0; lane < 8; lane++)
      if (mask >> lane & 1) sparse_perm[mask][to++] = lane;
    for (; to < 8; to++) sparse_perm[mask][to] = 0;
  }
#endif
}

/* Lists k values of a row (contiguous) into idx (offsets p·n into B) and val, in p order; returns the count.
 * Both lists need VW spare places: a group stores a whole vector and keeps as many entries as are nonzero. */
static int64_t list_row(const float *row, int64_t k, int64_t n, int32_t *idx, float *val) {
  /* n here is the staged B's row length (npad) */
  int64_t t = 0, p = 0;
#if defined(SN_TARGET_AVX512)
  __m512i off = _mm512_mullo_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), _mm512_set1_epi32((int32_t)n));
  __m512i step = _mm512_set1_epi32((int32_t)(16 * n));
  for (; p + 16 <= k; p += 16) {
    __m512 v = _mm512_loadu_ps(row + p);
    __mmask16 nz = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_NEQ_UQ);
    if (!nz) {
      off = _mm512_add_epi32(off, step);
      continue;
    }
    _mm512_storeu_ps(val + t, _mm512_maskz_compress_ps(nz, v));
    _mm512_storeu_si512(idx + t, _mm512_maskz_compress_epi32(nz, off));
    t += __builtin_popcount(nz);
    off = _mm512_add_epi32(off, step);
  }
#elif defined(SN_TARGET_AVX2)
  __m256i off = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7), _mm256_set1_epi32((int32_t)n));
  __m256i step = _mm256_set1_epi32((int32_t)(8 * n));
  for (; p + 8 <= k; p += 8) {
    __m256 v = _mm256_loadu_ps(row + p);
    int nz = _mm256_movemask_ps(_mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_NEQ_UQ));
    if (!nz) {
      off = _mm256_add_epi32(off, step);
      continue;
    }
    __m256i perm = _mm256_loadu_si256((const __m256i *)sparse_perm[nz]);
    _mm256_storeu_ps(val + t, _mm256_permutevar8x32_ps(v, perm));
    _mm256_storeu_si256((__m256i *)(idx + t), _mm256_permutevar8x32_epi32(off, perm));
    t += __builtin_popcount((unsigned)nz);
    off = _mm256_add_epi32(off, step);
  }
#endif
  for (; p < k; p++) {
    float x = row[p];
    idx[t] = (int32_t)(p * n);
    val[t] = x;
    t += x != 0;
  }
  return t;
}

/* One listed row of c: its terms' count, B-row offsets and values, and where its result goes. */
typedef struct listed {
  int64_t count;
  const int32_t *idx;
  const float *val;
  float *dst;
} listed;

/* W vectors of columns from j0 of two rows of c (the second may be absent: NULL), each summed over its
 * listed terms in order: the rows' chains interleave, so each FMA waits half as long for its sum.
 * `last` is how many columns the last of the W vectors has (the rest is computed from B's zero padding
 * and never stored). */
static inline __attribute__((always_inline)) void rows_chunk(int W, const listed *r0, const listed *r1, const float *b, int64_t j0, int last, const float *bias) {
  vf s[8], u[8];
#pragma GCC unroll 8
  for (int w = 0; w < W; w++) s[w] = u[w] = vzero();
  const float *col = b + j0;
  int64_t c0 = r0->count, c1 = r1 ? r1->count : 0, both = c0 < c1 ? c0 : c1, t = 0;
  for (; t < both; t++) {
    const float *p0 = col + r0->idx[t], *p1 = col + r1->idx[t];
    vf x0 = vset1(r0->val[t]), x1 = vset1(r1->val[t]);
#pragma GCC unroll 8
    for (int w = 0; w < W; w++) {
      s[w] = vmadd(s[w], x0, vload(p0 + w * VW));
      u[w] = vmadd(u[w], x1, vload(p1 + w * VW));
    }
  }
  for (int64_t t0 = t; t0 < c0; t0++) {
    const float *p0 = col + r0->idx[t0];
    vf x0 = vset1(r0->val[t0]);
#pragma GCC unroll 8
    for (int w = 0; w < W; w++) s[w] = vmadd(s[w], x0, vload(p0 + w * VW));
  }
  for (int64_t t1 = t; t1 < c1; t1++) {
    const float *p1 = col + r1->idx[t1];
    vf x1 = vset1(r1->val[t1]);
#pragma GCC unroll 8
    for (int w = 0; w < W; w++) u[w] = vmadd(u[w], x1, vload(p1 + w * VW));
  }
#pragma GCC unroll 8
  for (int w = 0; w < W; w++) {
    int cols = w == W - 1 ? last : VW;
    vf x = s[w], y = u[w];
    if (bias) {
      vf bv = vloadn(bias + j0 + w * VW, cols);
      x = x + bv;
      y = y + bv;
    }
    vstoren(r0->dst + j0 + w * VW, x, cols);
    if (r1) vstoren(r1->dst + j0 + w * VW, y, cols);
  }
}

/* one or two rows of c (n columns) from their lists, 8 vectors of columns at a time */
static void multiply_rows(const listed *r0, const listed *r1, const float *b, int64_t n, const float *bias) {
  int64_t vectors = (n + VW - 1) / VW;
  for (int64_t v = 0; v < vectors; v += 8) {
    int64_t j0 = v * VW;
    int W = vectors - v < 8 ? (int)(vectors - v) : 8;
    int64_t rest = n - (j0 + (W - 1) * VW);
    int last = rest < VW ? (int)rest : VW;
    switch (W) {
      case 8: rows_chunk(8, r0, r1, b, j0, last, bias); break;
      case 7: rows_chunk(7, r0, r1, b, j0, last, bias); break;
      case 6: rows_chunk(6, r0, r1, b, j0, last, bias); break;
      case 5: rows_chunk(5, r0, r1, b, j0, last, bias); break;
      case 4: rows_chunk(4, r0, r1, b, j0, last, bias); break;
      case 3: rows_chunk(3, r0, r1, b, j0, last, bias); break;
      case 2: rows_chunk(2, r0, r1, b, j0, last, bias); break;
      default: rows_chunk(1, r0, r1, b, j0, last, bias); break;
    }
  }
}

/* rows of A taken at a time (for an A stored k×m, copied out as rows first) */
#define TROWS 16

/* Rows [r0, r1) of c, TROWS at a time, listed and multiplied two by two. Scratch: two lists, and for an A stored k×m a block of TROWS of its columns as rows. */
static int SN(gemm_sparse)(const sn_sparse_args *q, int64_t r0, int64_t r1, sn_scratch *s) {
  const int64_t m = q->m, n = q->n, k = q->k, npad = (n + VW - 1) / VW * VW;
  size_t list = (size_t)(k + VW);
  char *mem = sn_scratch_get(s, 2 * list * (sizeof(int32_t) + sizeof(float)) + (q->transA ? (size_t)(TROWS * k) * sizeof(float) : 0));
  if (!mem) return -1;
  int32_t *idx[2] = {(int32_t *)mem, (int32_t *)mem + list};
  float *val[2] = {(float *)(idx[1] + list), (float *)(idx[1] + list) + list};
  float *rows = val[1] + list;
  for (int64_t i0 = r0; i0 < r1; i0 += TROWS) {
    int64_t i1 = i0 + TROWS < r1 ? i0 + TROWS : r1;
    const float *block = q->a + i0 * k;
    if (q->transA) {
      /* A stored k×m: these rows are columns of it, copied out as rows first */
      int64_t p = 0;
#ifdef HAVE_TR8
      if (i1 - i0 == TROWS)
        for (; p + 8 <= k; p += 8)
          for (int64_t r = 0; r < TROWS; r += 8) tr8x8(q->a + p * m + i0 + r, m, rows + r * k + p, k);
#endif
      for (; p < k; p++)
        for (int64_t i = i0; i < i1; i++) rows[(i - i0) * k + p] = q->a[p * m + i];
      block = rows;
    }
    for (int64_t i = i0; i < i1; i += 2) {
      listed l[2];
      for (int h = 0; h < 2 && i + h < i1; h++) {
        l[h].count = list_row(block + (i + h - i0) * k, k, npad, idx[h], val[h]);
        l[h].idx = idx[h];
        l[h].val = val[h];
        l[h].dst = q->c + (i + h) * n;
      }
      multiply_rows(&l[0], i + 1 < i1 ? &l[1] : NULL, q->b, n, q->bias);
    }
  }
  return 0;
}

/* B as the zero-skipping kernel reads it: k rows of npad = n rounded up to whole vectors (zeros past n),
 * 64-byte aligned, from B stored k×n or (transB) n×k. Returns whether every value is finite (else the
 * dense kernel must run: a skipped 0·∞ would not be NaN). */
static int SN(stage_sparse_b)(const float *b, float *out, int64_t n, int64_t k, int transB) {
  int64_t npad = (n + VW - 1) / VW * VW;
  vi bad = (vi)vzero();
  if (transB) SN(transpose_batched)(b, out, 1, n, k); /* k×n first, then spread to padded rows from the back */
  for (int64_t p = k - 1; p >= 0; p--) {
    const float *src = transB ? out + p * n : b + p * n;
    float *dst = out + p * npad;
    int64_t j = n - (n % VW == 0 ? VW : n % VW);
    if (n > 0) {
      vf v = vloadn(src + j, (int)(n - j));
      bad |= (v - v) != (v - v);
      vstore(dst + j, v);
    }
    for (j -= VW; j >= 0; j -= VW) {
      vf v = vload(src + j);
      bad |= (v - v) != (v - v);
      vstore(dst + j, v);
    }
  }
  for (int l = 0; l < VW; l++)
    if (bad[l]) return 0;
  return 1;
}

/* The share of nonzeros (NaN counts, −0 does not) among `samples` evenly spaced groups of 16 values of a
 * (all of them when there are fewer): it only chooses between two kernels that give the same result. */
static double SN(density)(const float *a, int64_t len, int64_t samples) {
  int64_t groups = len / 16;
  if (groups == 0) return 1;
  int64_t step = groups / samples > 1 ? groups / samples : 1, seen = 0;
  vi nonzero = (vi)vzero();
  for (int64_t g = 0; g < groups; g += step, seen += 16)
    for (int l = 0; l < 16; l += VW) nonzero -= vload(a + g * 16 + l) != vzero(); /* a true lane is −1 */
  int64_t total = 0;
  for (int l = 0; l < VW; l++) total += nonzero[l];
  return (double)total / (double)seen;
}
