/* The vector type of one CPU target, so that each kernel is written once and compiled per target
 * (scripts/build-native.mjs compiles target.c once for each, with SN_TARGET_AVX512, SN_TARGET_AVX2 or
 * neither). `vf` is VW floats; its + − * / and comparisons are GCC/Clang vector operations (IEEE,
 * lane by lane). vmadd is the product's multiply-add: fused on AVX-512 and AVX2 + FMA (what WebAssembly's
 * relaxed_madd does on such a CPU), a multiply then an add in portable C (what plain SIMD does). */
#ifndef SN_SIMD_H
#define SN_SIMD_H

#include <stdint.h>
#include <string.h>

/* the sanitizer build (SN_CHECKED) traps on a partial vector of a length outside 0 .. VW */
#ifdef SN_CHECKED
#define SN_CHECK_LANES(n) ((n) < 0 || (n) > VW ? __builtin_trap() : (void)0)
#else
#define SN_CHECK_LANES(n) ((void)0)
#endif

#if defined(SN_TARGET_AVX512)
#include <immintrin.h>
#define SN(name) sn_avx512_##name
#define SN_TARGET_NAME "avx512"
#define VW 16
typedef __m512 vf;
typedef int32_t vi __attribute__((vector_size(64)));
static inline vf vload(const float *p) { return _mm512_loadu_ps(p); }
static inline void vstore(float *p, vf v) { _mm512_storeu_ps(p, v); }
/* the first n lanes (0 ≤ n ≤ VW), the rest 0; memory past them is never touched */
static inline vf vloadn(const float *p, int n) { SN_CHECK_LANES(n); return _mm512_maskz_loadu_ps((__mmask16)((1u << n) - 1), p); }
static inline void vstoren(float *p, vf v, int n) { SN_CHECK_LANES(n); _mm512_mask_storeu_ps(p, (__mmask16)((1u << n) - 1), v); }
static inline vf vset1(float x) { return _mm512_set1_ps(x); }
static inline vf vmadd(vf acc, vf a, vf b) { return _mm512_fmadd_ps(a, b, acc); }
static inline vf vsqrt(vf x) { return _mm512_sqrt_ps(x); }
#define SN_FUSED 1

#elif defined(SN_TARGET_AVX2)
#include <immintrin.h>
#define SN(name) sn_avx2_##name
#define SN_TARGET_NAME "avx2"
#define VW 8
typedef __m256 vf;
typedef int32_t vi __attribute__((vector_size(32)));
static const int32_t sn_lane_masks[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
static inline __m256i sn_mask(int n) { SN_CHECK_LANES(n); return _mm256_loadu_si256((const __m256i *)(sn_lane_masks + 8 - n)); }
static inline vf vload(const float *p) { return _mm256_loadu_ps(p); }
static inline void vstore(float *p, vf v) { _mm256_storeu_ps(p, v); }
static inline vf vloadn(const float *p, int n) { return _mm256_maskload_ps(p, sn_mask(n)); }
static inline void vstoren(float *p, vf v, int n) { _mm256_maskstore_ps(p, sn_mask(n), v); }
static inline vf vset1(float x) { return _mm256_set1_ps(x); }
static inline vf vmadd(vf acc, vf a, vf b) { return _mm256_fmadd_ps(a, b, acc); }
static inline vf vsqrt(vf x) { return _mm256_sqrt_ps(x); }
#define SN_FUSED 1

#else
#define SN(name) sn_c_##name
#define SN_TARGET_NAME "portable"
#define VW 4
typedef float vf __attribute__((vector_size(16)));
typedef int32_t vi __attribute__((vector_size(16)));
static inline vf vload(const float *p) { vf v; memcpy(&v, p, sizeof v); return v; }
static inline void vstore(float *p, vf v) { memcpy(p, &v, sizeof v); }
static inline vf vloadn(const float *p, int n) { SN_CHECK_LANES(n); float t[VW] = {0}; memcpy(t, p, (size_t)n * 4); return vload(t); }
static inline void vstoren(float *p, vf v, int n) { SN_CHECK_LANES(n); float t[VW]; vstore(t, v); memcpy(p, t, (size_t)n * 4); }
static inline vf vset1(float x) { return (vf){x, x, x, x}; }
/* built with -ffp-contract=off: a rounded product, then a rounded sum */
static inline vf vmadd(vf acc, vf a, vf b) { return acc + a * b; }
static inline vf vsqrt(vf x) { return (vf){__builtin_sqrtf(x[0]), __builtin_sqrtf(x[1]), __builtin_sqrtf(x[2]), __builtin_sqrtf(x[3])}; }
#define SN_FUSED 0
#endif

static inline vf vzero(void) { return vset1(0.0f); }
/* lanes of a where mask is all ones, else b */
static inline vf vsel(vi mask, vf a, vf b) { return (vf)(((vi)a & mask) | ((vi)b & ~mask)); }
static inline vf vand(vi mask, vf a) { return (vf)((vi)a & mask); }

/* WebAssembly's f32x4.max and min: NaN if either lane is NaN, and −0 < +0 */
static inline vf vmax_wasm(vf x, vf y) {
  vi nan = (x != x) | (y != y);
  vf r = vsel(x > y, x, vsel(x < y, y, (vf)((vi)x & (vi)y)));
  return vsel(nan, x + y, r);
}
static inline vf vmin_wasm(vf x, vf y) {
  vi nan = (x != x) | (y != y);
  vf r = vsel(x < y, x, vsel(x > y, y, (vf)((vi)x | (vi)y)));
  return vsel(nan, x + y, r);
}

#endif
