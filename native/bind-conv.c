/* Bindings of im2col, col2im and max pooling: the geometry is checked against the arrays' lengths. */
#include "bindings.h"

/** A column value im2col/col2im moves counts as this many multiply-adds against the threshold for splitting work (threadMinMacs). */
#define COLUMN_WEIGHT 8

/** Reads N, C, H, W, FH, FW, stride, pad, OH, OW from argument `first` on and checks that they fit together. */
static void geometry(sn_args *a, size_t first, sn_geom *g) {
  static const char *names[] = {"N", "C", "H", "W", "FH", "FW", "stride", "pad", "OH", "OW"};
  int64_t *v[] = {&g->N, &g->C, &g->H, &g->W, &g->FH, &g->FW, &g->stride, &g->pad, &g->OH, &g->OW};
  for (int i = 0; i < 10; i++) *v[i] = sn_int(a, first + (size_t)i, names[i], i == 4 || i == 5 || i == 6 ? 1 : 0);
  if (a->failed) return;
  int64_t spanH = g->H + 2 * g->pad - g->FH, spanW = g->W + 2 * g->pad - g->FW;
  if (spanH < 0 || spanW < 0) sn_fail(a, "SCRATCHNET_SHAPE", "the %lld×%lld window is larger than the padded %lld×%lld image", (long long)g->FH, (long long)g->FW, (long long)(g->H + 2 * g->pad), (long long)(g->W + 2 * g->pad));
  else if (g->OH != spanH / g->stride + 1 || g->OW != spanW / g->stride + 1)
    sn_fail(a, "SCRATCHNET_SHAPE", "OH, OW must be (H + 2·pad − FH)/stride + 1 = %lld, (W + 2·pad − FW)/stride + 1 = %lld, got %lld, %lld", (long long)(spanH / g->stride + 1), (long long)(spanW / g->stride + 1), (long long)g->OH, (long long)g->OW);
}

static int64_t image_size(sn_args *a, const sn_geom *g) { return sn_mul(a, sn_mul(a, g->N, g->C, "N·C"), sn_mul(a, g->H, g->W, "H·W"), "the image's size"); }
static int64_t column_size(sn_args *a, const sn_geom *g) {
  return sn_mul(a, sn_mul(a, sn_mul(a, g->N, g->OH, "N·OH"), g->OW, "N·OH·OW"), sn_mul(a, g->C, sn_mul(a, g->FH, g->FW, "FH·FW"), "C·FH·FW"), "the columns' size");
}

typedef struct cols_job {
  const sn_kernels *k;
  const float *in;
  float *out;
  sn_geom g;
  float pad;
  int back;
} cols_job;

static int run_cols(void *ctx, int64_t b0, int64_t b1, sn_scratch *s) {
  cols_job *j = ctx;
  if (j->back) j->k->col2im(j->in, j->out, &j->g, b0, b1, s);
  else j->k->im2col(j->in, j->out, &j->g, j->pad, b0, b1);
  return 0;
}

/** im2col(x, out, N, C, H, W, FH, FW, stride, pad, OH, OW, padValue) and col2im(col, out, N, ..., OW) */
static napi_value columns(napi_env env, napi_callback_info cb, int back) {
  sn_args a;
  sn_geom g;
  if (!sn_args_init(&a, env, cb, back ? "col2im" : "im2col", back ? 12 : 13)) return NULL;
  geometry(&a, 2, &g);
  double pad = back ? 0 : sn_num(&a, 12, "padValue");
  int64_t image = image_size(&a, &g), cols = column_size(&a, &g);
  const float *in = sn_f32(&a, 0, back ? "col" : "x", back ? cols : image, NULL);
  float *out = sn_f32(&a, 1, "out", back ? image : cols, NULL);
  sn_disjoint(&a, out, (back ? image : cols) * 4, "out", in, (back ? cols : image) * 4, back ? "col" : "x");
  if (a.failed) return NULL;
  cols_job job = {a.state->kernels, in, out, g, (float)pad, back};
  sn_run(a.state, g.N >= 2 && (double)cols * COLUMN_WEIGHT >= a.state->thread_min_macs, g.N, 1, run_cols, &job);
  return sn_undefined(env);
}
static napi_value im2col(napi_env env, napi_callback_info cb) { return columns(env, cb, 0); }
static napi_value col2im(napi_env env, napi_callback_info cb) { return columns(env, cb, 1); }

/** maxPool(x, out, argmax Int32Array, N, C, H, W, FH, FW, stride, pad, OH, OW) */
static napi_value max_pool(napi_env env, napi_callback_info cb) {
  sn_args a;
  sn_geom g;
  if (!sn_args_init(&a, env, cb, "maxPool", 13)) return NULL;
  geometry(&a, 3, &g);
  int64_t image = image_size(&a, &g), n = sn_mul(&a, sn_mul(&a, g.N, g.C, "N·C"), sn_mul(&a, g.OH, g.OW, "OH·OW"), "the result's size");
  if (!a.failed && image > INT32_MAX) sn_fail(&a, "SCRATCHNET_SHAPE", "an image of %lld values has positions past an Int32Array's range", (long long)image);
  const float *x = sn_f32(&a, 0, "x", image, NULL);
  float *out = sn_f32(&a, 1, "out", n, NULL);
  int32_t *arg = sn_i32(&a, 2, "argmax", n);
  sn_disjoint(&a, out, n * 4, "out", x, image * 4, "x");
  sn_disjoint(&a, arg, n * 4, "argmax", x, image * 4, "x");
  sn_disjoint(&a, arg, n * 4, "argmax", out, n * 4, "out");
  if (a.failed) return NULL;
  a.state->kernels->max_pool(x, out, arg, &g);
  return sn_undefined(env);
}

/** maxPoolBackward(dout, argmax, out, outLength): every index in argmax must be −1 or a place in out */
static napi_value max_pool_backward(napi_env env, napi_callback_info cb) {
  sn_args a;
  if (!sn_args_init(&a, env, cb, "maxPoolBackward", 4)) return NULL;
  int64_t n = 0, len = sn_int(&a, 3, "outLength", 0);
  const float *dout = sn_f32(&a, 0, "dout", -1, &n);
  const int32_t *arg = sn_i32(&a, 1, "argmax", a.failed ? -1 : n);
  float *out = sn_f32(&a, 2, "out", len, NULL);
  sn_disjoint(&a, out, len * 4, "out", dout, n * 4, "dout");
  sn_disjoint(&a, out, len * 4, "out", arg, n * 4, "argmax");
  for (int64_t i = 0; !a.failed && i < n; i++)
    if (arg[i] < -1 || arg[i] >= len) sn_fail(&a, "SCRATCHNET_VALUE", "argmax[%lld] = %d is not an index into out (0 .. %lld, or -1)", (long long)i, arg[i], (long long)len - 1);
  if (a.failed) return NULL;
  a.state->kernels->max_pool_backward(dout, arg, out, n, len);
  return sn_undefined(env);
}

void sn_define_conv(napi_env env, napi_value exports) {
  sn_export(env, exports, "im2col", im2col);
  sn_export(env, exports, "col2im", col2im);
  sn_export(env, exports, "maxPool", max_pool);
  sn_export(env, exports, "maxPoolBackward", max_pool_backward);
}
