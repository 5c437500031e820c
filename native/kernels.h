/* The kernels of one CPU target, as a table of functions: target.c is compiled once per target
 * (AVX-512, AVX2 + FMA, portable C) and addon.c picks a table at run time from what the CPU has.
 * Every kernel trusts its arguments: addon.c checks types, lengths and bounds first. Kernels that
 * threads split take a range [r0, r1) of rows (or samples) and compute each row the same way
 * whichever thread runs it, so results do not depend on the number of threads. */
#ifndef SN_KERNELS_H
#define SN_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/** Growable scratch memory owned by one thread (pool.c). */
typedef struct sn_scratch {
  void *data;
  size_t bytes;
} sn_scratch;

/** At least `bytes` of 64-byte aligned scratch (contents undefined), or NULL when out of memory. */
void *sn_scratch_get(sn_scratch *s, size_t bytes);

/** A convolution or pooling window sweep over NCHW input. */
typedef struct sn_geom {
  int64_t N, C, H, W, FH, FW, stride, pad, OH, OW;
} sn_geom;

/** An A (m×k, or stored k×m when transposed) whose row i is listed as its nonzero terms (gemm-sparse.c). */
typedef struct sn_sparse_args {
  /** the table whose gemm_sparse runs (a job's context) */
  const struct sn_kernels *kernels;
  const float *a, *b;
  float *c;
  const float *bias;
  int64_t m, n, k;
  int transA;
} sn_sparse_args;

typedef struct sn_kernels {
  const char *name;
  /** Fills the target's tables (run once, before any kernel). */
  void (*init)(void);
  /** 1 when products use a fused multiply-add (the bits of WebAssembly's relaxed-SIMD build on an FMA CPU), 0 for multiply then add (its plain SIMD build). */
  int fused;
  /**
   * Rows [r0, r1) of c (m×n) = op(a)·op(b) (+ bias, rounded sum then + bias), B packed by `pack` when
   * `packed` is not NULL (a product split across threads packs it once). Returns 0, or -1 when scratch cannot be had.
   */
  int (*gemm)(const float *a, const float *b, const float *packed, float *c, int64_t m, int64_t n, int64_t k, int transA, int transB, const float *bias, int64_t r0, int64_t r1, sn_scratch *s);
  size_t (*packed_floats)(int64_t n, int64_t k);
  void (*pack)(const float *b, float *out, int64_t n, int64_t k, int transB);
  /** Rows [r0, r1) of the same product skipping A's zeros, B staged by stage_sparse_b: the dense result to the bit. */
  int (*gemm_sparse)(const sn_sparse_args *p, int64_t r0, int64_t r1, sn_scratch *s);
  /** B for gemm_sparse: k rows of n rounded up to whole vectors of `vw` floats, zero-padded; 0 when B is not all finite. */
  int (*stage_sparse_b)(const float *b, float *out, int64_t n, int64_t k, int transB);
  /** Floats in the target's vector. */
  int vw;
  /** The share of nonzeros of a, estimated from `samples` evenly spaced groups of 16. */
  double (*density)(const float *a, int64_t len, int64_t samples);
  void (*transpose_batched)(const float *a, float *out, int64_t batch, int64_t rows, int64_t cols);

  void (*binary_rows)(int op, const float *a, int64_t ars, int acs, const float *b, int64_t brs, int bcs, float *out, int64_t rows, int64_t cols);
  void (*unary)(int op, const float *a, float *out, int64_t n);
  void (*reduce_sum)(const float *a, float *out, int64_t outer, int64_t len, int64_t inner, double *acc);
  void (*reduce_max)(const float *a, float *out, int64_t outer, int64_t len, int64_t inner);
  void (*argmax)(const float *a, int32_t *out, int64_t outer, int64_t len, int64_t inner);
  void (*axpy)(float alpha, const float *x, float *y, int64_t n);
  int (*all_finite)(const float *a, int64_t n);
  void (*log_softmax)(const float *a, float *out, int64_t rows, int64_t cols);

  /** Samples [b0, b1) of im2col / col2im. */
  void (*im2col)(const float *x, float *out, const sn_geom *g, float pad_value, int64_t b0, int64_t b1);
  void (*col2im)(const float *col, float *out, const sn_geom *g, int64_t b0, int64_t b1, sn_scratch *s);
  void (*max_pool)(const float *x, float *out, int32_t *argmax, const sn_geom *g);
  void (*max_pool_backward)(const float *dout, const int32_t *argmax, float *out, int64_t n, int64_t out_len);

  void (*momentum_step)(float *p, const float *g, float *v, int64_t n, float lr, float alpha, float c, float d);
  void (*rmsprop_step)(float *p, const float *g, float *h, int64_t n, float lr, float rho, float gain, float eps);
  void (*adam_step)(float *p, const float *g, float *m, float *v, int64_t n, float lr_t, float beta1, float beta2, float eps);
} sn_kernels;

const sn_kernels *sn_avx512_kernels(void);
const sn_kernels *sn_avx2_kernels(void);
const sn_kernels *sn_c_kernels(void);

#endif
