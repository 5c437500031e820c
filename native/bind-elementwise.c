/* Bindings of the element-wise kernels, reductions, log-softmax and the optimizer steps. */
#include "bindings.h"

/** a result may be its operand itself (same memory, same layout) or lie apart from it, never half over it */
static void same_or_apart(sn_args *a, const float *out, int64_t n, const float *in, int64_t in_n, const char *name) {
  if (out != in) sn_disjoint(a, out, n * 4, "out", in, in_n * 4, name);
}

/** how many floats a strided (rows × cols) read reaches from its start */
static int64_t reach(sn_args *a, int64_t rows, int64_t cols, int64_t rs, int64_t cs) {
  if (rows == 0 || cols == 0) return 0;
  return sn_mul(a, rows - 1, rs, "the row stride's reach") + sn_mul(a, cols - 1, cs, "the column stride's reach") + 1;
}

/**
 * An element-wise value moved counts as this many multiply-adds against the threshold for splitting work
 * (threadMinMacs): the large ones (a convolution's 1.7 million activations) are memory-bound, and two
 * cores move memory about 1.9× as fast as one (docs/benchmarks.md, "Threads").
 */
#define ELEMENT_WEIGHT 32

static int split_elements(sn_env *e, int64_t n) { return e->pool && (double)n * ELEMENT_WEIGHT >= e->thread_min_macs && n >= 65536; }

typedef struct rows_job {
  const sn_kernels *k;
  int op;
  const float *a, *b;
  int64_t ars, brs, rows, cols;
  int acs, bcs;
  float *out;
} rows_job;

/* a range of rows, or of columns when there is one row */
static int run_rows(void *ctx, int64_t i0, int64_t i1, sn_scratch *s) {
  (void)s;
  const rows_job *j = ctx;
  if (j->rows == 1) j->k->binary_rows(j->op, j->a + i0 * j->acs, 0, j->acs, j->b + i0 * j->bcs, 0, j->bcs, j->out + i0, 1, i1 - i0);
  else j->k->binary_rows(j->op, j->a + i0 * j->ars, j->ars, j->acs, j->b + i0 * j->brs, j->brs, j->bcs, j->out + i0 * j->cols, i1 - i0, j->cols);
  return 0;
}

typedef struct unary_job {
  const sn_kernels *k;
  int op;
  const float *a;
  float *out;
} unary_job;

static int run_unary(void *ctx, int64_t i0, int64_t i1, sn_scratch *s) {
  (void)s;
  const unary_job *j = ctx;
  j->k->unary(j->op, j->a + i0, j->out + i0, i1 - i0);
  return 0;
}

/** binaryRows(op, a, ars, acs, b, brs, bcs, out, rows, cols): out[r, j] = a[r·ars + j·acs] op b[r·brs + j·bcs], acs and bcs 0 or 1 */
static napi_value binary_rows(napi_env env, napi_callback_info cb) {
  sn_args a;
  if (!sn_args_init(&a, env, cb, "binaryRows", 10)) return NULL;
  int64_t op = sn_int(&a, 0, "op", 0), ars = sn_int(&a, 2, "ars", 0), acs = sn_int(&a, 3, "acs", 0);
  int64_t brs = sn_int(&a, 5, "brs", 0), bcs = sn_int(&a, 6, "bcs", 0), rows = sn_int(&a, 8, "rows", 0), cols = sn_int(&a, 9, "cols", 0);
  if (!a.failed && op > 7) sn_fail(&a, "SCRATCHNET_VALUE", "op must be a binary op code 0 .. 7, got %lld", (long long)op);
  if (!a.failed && (acs > 1 || bcs > 1)) sn_fail(&a, "SCRATCHNET_VALUE", "column strides must be 0 or 1, got %lld and %lld", (long long)acs, (long long)bcs);
  int64_t na = 0, nb = 0, n = sn_mul(&a, rows, cols, "the result's size");
  const float *pa = sn_f32(&a, 1, "a", -1, &na);
  const float *pb = sn_f32(&a, 4, "b", -1, &nb);
  float *out = sn_f32(&a, 7, "out", n, NULL);
  int64_t ra = reach(&a, rows, cols, ars, acs), rb = reach(&a, rows, cols, brs, bcs);
  if (!a.failed && ra > na) sn_fail(&a, "SCRATCHNET_SHAPE", "a holds %lld values, but the strides reach %lld", (long long)na, (long long)ra);
  if (!a.failed && rb > nb) sn_fail(&a, "SCRATCHNET_SHAPE", "b holds %lld values, but the strides reach %lld", (long long)nb, (long long)rb);
  if (!(acs == 1 && ars == cols && na == n)) sn_disjoint(&a, out, n * 4, "out", pa, na * 4, "a");
  else same_or_apart(&a, out, n, pa, na, "a");
  if (!(bcs == 1 && brs == cols && nb == n)) sn_disjoint(&a, out, n * 4, "out", pb, nb * 4, "b");
  else same_or_apart(&a, out, n, pb, nb, "b");
  if (a.failed) return NULL;
  rows_job job = {a.state->kernels, (int)op, pa, pb, ars, brs, rows, cols, (int)acs, (int)bcs, out};
  sn_run(a.state, split_elements(a.state, n) && (rows > 1 || cols > 1), rows == 1 ? cols : rows, rows == 1 ? 64 : 1, run_rows, &job);
  return sn_undefined(env);
}

/** unary(op, a, out): out may be a itself */
static napi_value unary(napi_env env, napi_callback_info cb) {
  sn_args a;
  if (!sn_args_init(&a, env, cb, "unary", 3)) return NULL;
  int64_t op = sn_int(&a, 0, "op", 0), n = 0;
  if (!a.failed && op > 9) sn_fail(&a, "SCRATCHNET_VALUE", "op must be a unary op code 0 .. 9, got %lld", (long long)op);
  const float *pa = sn_f32(&a, 1, "a", -1, &n);
  float *out = sn_f32(&a, 2, "out", a.failed ? -1 : n, NULL);
  same_or_apart(&a, out, n, pa, n, "a");
  if (a.failed) return NULL;
  unary_job job = {a.state->kernels, (int)op, pa, out};
  sn_run(a.state, split_elements(a.state, n), n, 64, run_unary, &job);
  return sn_undefined(env);
}

/** reduceSum / reduceMax (a, out, outer, len, inner): out (outer × inner) over the middle axis */
static napi_value reduce(napi_env env, napi_callback_info cb, int max) {
  sn_args a;
  if (!sn_args_init(&a, env, cb, max ? "reduceMax" : "reduceSum", 5)) return NULL;
  int64_t outer = sn_int(&a, 2, "outer", 0), len = sn_int(&a, 3, "len", max), inner = sn_int(&a, 4, "inner", 0);
  int64_t n = sn_mul(&a, sn_mul(&a, outer, len, "outer × len"), inner, "a's size"), no = sn_mul(&a, outer, inner, "the result's size");
  const float *pa = sn_f32(&a, 0, "a", n, NULL);
  float *out = sn_f32(&a, 1, "out", no, NULL);
  sn_disjoint(&a, out, no * 4, "out", pa, n * 4, "a");
  double *acc = a.failed || max ? NULL : sn_scratch_get(&a.state->scratch, (size_t)(inner + 1) * sizeof(double));
  if (!a.failed && !max && !acc) sn_fail(&a, "SCRATCHNET_VALUE", "out of memory");
  if (a.failed) return NULL;
  if (max) a.state->kernels->reduce_max(pa, out, outer, len, inner);
  else a.state->kernels->reduce_sum(pa, out, outer, len, inner, acc);
  return sn_undefined(env);
}
static napi_value reduce_sum(napi_env env, napi_callback_info cb) { return reduce(env, cb, 0); }
static napi_value reduce_max(napi_env env, napi_callback_info cb) { return reduce(env, cb, 1); }

/** argmax(a, out Int32Array, outer, len ≥ 1, inner) */
static napi_value argmax(napi_env env, napi_callback_info cb) {
  sn_args a;
  if (!sn_args_init(&a, env, cb, "argmax", 5)) return NULL;
  int64_t outer = sn_int(&a, 2, "outer", 0), len = sn_int(&a, 3, "len", 1), inner = sn_int(&a, 4, "inner", 0);
  int64_t n = sn_mul(&a, sn_mul(&a, outer, len, "outer × len"), inner, "a's size");
  const float *pa = sn_f32(&a, 0, "a", n, NULL);
  int32_t *out = sn_i32(&a, 1, "out", sn_mul(&a, outer, inner, "the result's size"));
  if (!a.failed && len > INT32_MAX) sn_fail(&a, "SCRATCHNET_SHAPE", "len %lld does not fit an Int32Array index", (long long)len);
  sn_disjoint(&a, out, outer * inner * 4, "out", pa, n * 4, "a");
  if (a.failed) return NULL;
  a.state->kernels->argmax(pa, out, outer, len, inner);
  return sn_undefined(env);
}

/** axpy(alpha, x, y): y += alpha·x, alpha rounded to float32 */
static napi_value axpy(napi_env env, napi_callback_info cb) {
  sn_args a;
  if (!sn_args_init(&a, env, cb, "axpy", 3)) return NULL;
  double alpha = sn_num(&a, 0, "alpha");
  int64_t n = 0;
  float *y = sn_f32(&a, 2, "y", -1, &n);
  const float *x = sn_f32(&a, 1, "x", a.failed ? -1 : n, NULL);
  sn_disjoint(&a, y, n * 4, "y", x, n * 4, "x");
  if (a.failed) return NULL;
  a.state->kernels->axpy((float)alpha, x, y, n);
  return sn_undefined(env);
}

/** allFinite(a) → boolean */
static napi_value all_finite(napi_env env, napi_callback_info cb) {
  sn_args a;
  if (!sn_args_init(&a, env, cb, "allFinite", 1)) return NULL;
  int64_t n = 0;
  const float *pa = sn_f32(&a, 0, "a", -1, &n);
  if (a.failed) return NULL;
  napi_value r;
  napi_get_boolean(env, a.state->kernels->all_finite(pa, n), &r);
  return r;
}

/** logSoftmax(a, out, rows, cols): out may be a itself */
static napi_value log_softmax(napi_env env, napi_callback_info cb) {
  sn_args a;
  if (!sn_args_init(&a, env, cb, "logSoftmax", 4)) return NULL;
  int64_t rows = sn_int(&a, 2, "rows", 0), cols = sn_int(&a, 3, "cols", 0), n = sn_mul(&a, rows, cols, "the size");
  const float *pa = sn_f32(&a, 0, "a", n, NULL);
  float *out = sn_f32(&a, 1, "out", n, NULL);
  same_or_apart(&a, out, n, pa, n, "a");
  if (a.failed) return NULL;
  a.state->kernels->log_softmax(pa, out, rows, cols);
  return sn_undefined(env);
}

/** reads p, g and `states` state arrays of p's length (all apart), then the float32 hyper-parameters from index 2 + states */
static int64_t step_args(sn_args *a, int states, float **arr, float *hyper, int hypers) {
  int64_t n = 0;
  static const char *names[] = {"p", "g", "first state", "second state"};
  arr[0] = sn_f32(a, 0, "p", -1, &n);
  for (int i = 1; i < 2 + states; i++) arr[i] = sn_f32(a, (size_t)i, names[i], a->failed ? -1 : n, NULL);
  for (int i = 0; i < 2 + states; i++)
    for (int j = i + 1; j < 2 + states; j++) sn_disjoint(a, arr[i], n * 4, names[i], arr[j], n * 4, names[j]);
  static const char *hnames[] = {"lr", "hyper-parameter 2", "hyper-parameter 3", "hyper-parameter 4"};
  for (int i = 0; i < hypers; i++) hyper[i] = (float)sn_num(a, (size_t)(2 + states + i), hnames[i]);
  return a->failed ? -1 : n;
}

/** momentumStep(p, g, v, lr, alpha, c, d) */
static napi_value momentum_step(napi_env env, napi_callback_info cb) {
  sn_args a;
  float *x[3], h[4];
  if (!sn_args_init(&a, env, cb, "momentumStep", 7)) return NULL;
  int64_t n = step_args(&a, 1, x, h, 4);
  if (n < 0) return NULL;
  a.state->kernels->momentum_step(x[0], x[1], x[2], n, h[0], h[1], h[2], h[3]);
  return sn_undefined(env);
}

/** rmspropStep(p, g, h, lr, rho, gain, eps) */
static napi_value rmsprop_step(napi_env env, napi_callback_info cb) {
  sn_args a;
  float *x[3], h[4];
  if (!sn_args_init(&a, env, cb, "rmspropStep", 7)) return NULL;
  int64_t n = step_args(&a, 1, x, h, 4);
  if (n < 0) return NULL;
  a.state->kernels->rmsprop_step(x[0], x[1], x[2], n, h[0], h[1], h[2], h[3]);
  return sn_undefined(env);
}

/** adamStep(p, g, m, v, lrT, beta1, beta2, eps) */
static napi_value adam_step(napi_env env, napi_callback_info cb) {
  sn_args a;
  float *x[4], h[4];
  if (!sn_args_init(&a, env, cb, "adamStep", 8)) return NULL;
  int64_t n = step_args(&a, 2, x, h, 4);
  if (n < 0) return NULL;
  a.state->kernels->adam_step(x[0], x[1], x[2], x[3], n, h[0], h[1], h[2], h[3]);
  return sn_undefined(env);
}

void sn_define_elementwise(napi_env env, napi_value exports) {
  sn_export(env, exports, "binaryRows", binary_rows);
  sn_export(env, exports, "unary", unary);
  sn_export(env, exports, "reduceSum", reduce_sum);
  sn_export(env, exports, "reduceMax", reduce_max);
  sn_export(env, exports, "argmax", argmax);
  sn_export(env, exports, "axpy", axpy);
  sn_export(env, exports, "allFinite", all_finite);
  sn_export(env, exports, "logSoftmax", log_softmax);
  sn_export(env, exports, "momentumStep", momentum_step);
  sn_export(env, exports, "rmspropStep", rmsprop_step);
  sn_export(env, exports, "adamStep", adam_step);
}
