/* Bindings of the matrix products and transposes. */
#include "bindings.h"

void sn_export(napi_env env, napi_value exports, const char *name, napi_callback fn) {
  napi_value f;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, NULL, &f);
  napi_set_named_property(env, exports, name, f);
}

/** Rows align to this (a multiple of every target's block height) when a product is split across threads. */
#define ROW_ALIGN 24

typedef struct gemm_job {
  const sn_kernels *k;
  const float *a, *b, *packed, *bias;
  float *c;
  int64_t m, n, k_, transA, transB;
} gemm_job;

/** Rows of A shorter than this stay dense: listing a row costs as much with few nonzeros as with many. */
#define SPARSE_MIN_K 64
/** B read once per listed term must stay in cache (1 MB) for the zero-skipping kernel to pay. */
#define SPARSE_MAX_B (1 << 18)
/** The density of A is estimated from this many evenly spaced groups of 16 values. */
#define SPARSE_SAMPLES 256

static int run_sparse(void *ctx, int64_t r0, int64_t r1, sn_scratch *s) {
  const sn_sparse_args *p = ctx;
  return p->kernels->gemm_sparse(p, r0, r1, s);
}

/**
 * c = op(a)·op(b) (+ bias) skipping a's zeros when at most e->sparse_max_density of a is nonzero and b is
 * finite (0·∞ is NaN); returns 1 when it did (the dense result to the bit), 0 to leave it to the dense
 * kernel, −1 when out of memory.
 */
static int try_sparse(sn_env *e, const float *a, const float *b, float *c, const float *bias, int64_t m, int64_t n, int64_t k, int transA, int transB) {
  if (e->sparse_max_density < 0 || k < SPARSE_MIN_K || k * n > SPARSE_MAX_B || m == 0 || n == 0) return 0;
  double density = e->kernels->density(a, m * k, SPARSE_SAMPLES);
  if (density > e->sparse_max_density) return 0;
  int64_t npad = (n + e->kernels->vw - 1) / e->kernels->vw * e->kernels->vw;
  float *rows = sn_scratch_get(&e->packed, (size_t)(k * npad) * sizeof(float));
  if (!rows) return -1;
  if (!e->kernels->stage_sparse_b(b, rows, n, k, transB)) return 0;
  sn_sparse_args p = {e->kernels, a, rows, c, bias, m, n, k, transA};
  /* a kept multiply-add costs up to two dense ones' time: counted twice against the threshold */
  int split = m >= 32 && 2.0 * (double)(m * n * k) * density >= e->thread_min_macs;
  return sn_run(e, split, m, 16, run_sparse, &p) == 0 ? 1 : -1;
}

static int run_gemm(void *ctx, int64_t r0, int64_t r1, sn_scratch *s) {
  gemm_job *j = ctx;
  return j->k->gemm(j->a, j->b, j->packed, j->c, j->m, j->n, j->k_, (int)j->transA, (int)j->transB, j->bias, r0, r1, s);
}

/** matmul(a, b, out, m, n, k, transA, transB, bias | null, blocks): out = op(a)·op(b) (+ bias), each of `blocks` row blocks transposed (0: none). */
static napi_value matmul(napi_env env, napi_callback_info cb) {
  sn_args a;
  if (!sn_args_init(&a, env, cb, "matmul", 10)) return NULL;
  sn_env *e = a.state;
  int64_t m = sn_int(&a, 3, "m", 0), n = sn_int(&a, 4, "n", 0), k = sn_int(&a, 5, "k", 0);
  int transA = sn_bool(&a, 6, "transA"), transB = sn_bool(&a, 7, "transB");
  int64_t mk = sn_mul(&a, m, k, "a's size"), kn = sn_mul(&a, k, n, "b's size"), mn = sn_mul(&a, m, n, "the result's size");
  const float *pa = sn_f32(&a, 0, "a", mk, NULL);
  const float *pb = sn_f32(&a, 1, "b", kn, NULL);
  float *out = sn_f32(&a, 2, "out", mn, NULL);
  const float *bias = sn_f32_or_null(&a, 8, "bias", n);
  int64_t blocks = sn_int(&a, 9, "blocks", 0);
  if (!a.failed && blocks > 0 && m % blocks != 0) sn_fail(&a, "SCRATCHNET_SHAPE", "blocks (%lld) must divide the rows m (%lld)", (long long)blocks, (long long)m);
  sn_disjoint(&a, out, mn * 4, "out", pa, mk * 4, "a");
  sn_disjoint(&a, out, mn * 4, "out", pb, kn * 4, "b");
  sn_disjoint(&a, out, mn * 4, "out", bias, bias ? n * 4 : 0, "bias");
  if (a.failed) return NULL;
  float *c = out;
  if (blocks > 0 && mn > 0) {
    c = sn_scratch_get(&e->staging, (size_t)mn * sizeof(float));
    if (!c) {
      sn_fail(&a, "SCRATCHNET_VALUE", "out of memory for a %lld×%lld product", (long long)m, (long long)n);
      return NULL;
    }
  }
  int sparse = try_sparse(e, pa, pb, c, bias, m, n, k, transA, transB);
  if (sparse < 0) {
    sn_fail(&a, "SCRATCHNET_VALUE", "out of memory for scratch");
    return NULL;
  }
  if (sparse) {
    if (blocks > 0 && mn > 0) e->kernels->transpose_batched(c, out, blocks, m / blocks, n);
    return sn_undefined(env);
  }
  gemm_job job = {e->kernels, pa, pb, NULL, bias, c, m, n, k, transA, transB};
  int split = e->pool && m >= 2 * ROW_ALIGN && k > 0 && (double)mn * (double)k >= e->thread_min_macs;
  if (split) {
    float *packed = sn_scratch_get(&e->packed, e->kernels->packed_floats(n, k) * sizeof(float));
    if (packed) e->kernels->pack(pb, packed, n, k, transB);
    job.packed = packed;
    split = packed != NULL;
  }
  if (sn_run(e, split, m, ROW_ALIGN, run_gemm, &job) != 0) {
    sn_fail(&a, "SCRATCHNET_VALUE", "out of memory for scratch");
    return NULL;
  }
  if (blocks > 0 && mn > 0) e->kernels->transpose_batched(c, out, blocks, m / blocks, n);
  return sn_undefined(env);
}

typedef struct transpose_job {
  const sn_kernels *k;
  const float *a;
  float *out;
  int64_t rows, cols;
} transpose_job;

static int run_transpose(void *ctx, int64_t b0, int64_t b1, sn_scratch *s) {
  (void)s;
  const transpose_job *j = ctx;
  j->k->transpose_batched(j->a + b0 * j->rows * j->cols, j->out + b0 * j->rows * j->cols, b1 - b0, j->rows, j->cols);
  return 0;
}

/** transposeBatched(a, out, batch, rows, cols): batches split across threads when large (a copy: 32 multiply-adds a value against the threshold) */
static napi_value transpose_batched(napi_env env, napi_callback_info cb) {
  sn_args a;
  if (!sn_args_init(&a, env, cb, "transposeBatched", 5)) return NULL;
  int64_t batch = sn_int(&a, 2, "batch", 0), rows = sn_int(&a, 3, "rows", 0), cols = sn_int(&a, 4, "cols", 0);
  int64_t size = sn_mul(&a, sn_mul(&a, batch, rows, "batch × rows"), cols, "the size");
  const float *pa = sn_f32(&a, 0, "a", size, NULL);
  float *out = sn_f32(&a, 1, "out", size, NULL);
  sn_disjoint(&a, out, size * 4, "out", pa, size * 4, "a");
  if (a.failed) return NULL;
  transpose_job job = {a.state->kernels, pa, out, rows, cols};
  sn_run(a.state, a.state->pool && batch >= 2 && (double)size * 32 >= a.state->thread_min_macs, batch, 1, run_transpose, &job);
  return sn_undefined(env);
}

void sn_define_products(napi_env env, napi_value exports) {
  sn_export(env, exports, "matmul", matmul);
  sn_export(env, exports, "transposeBatched", transpose_batched);
}
