/* The LSTM step of the book's second volume fused into one pass per direction (forward: the gates, c,
 * tanh c and h from A = x·Wx + h_prev·Wh + b; backward: dA and dc_prev), with its Node-API bindings.
 * src/backend/reference/lstm.ts is the truth: these agree with it within a few float32 ulps (tested). Rows are split across threads; each row is computed the same way by any thread. */
#include <math.h>

#include "bindings.h"

/* The rows' loops are compiled for AVX-512, AVX2 and plain x86-64, the best chosen at load time (the
 * same bits on each: the math below has no fused multiply-adds and no sums across values). */
#if defined(__x86_64__) && defined(__GLIBC__) && (defined(__GNUC__) || defined(__clang__))
#define SN_CLONES __attribute__((target_clones("avx512f", "arch=haswell", "default")))
#else
#define SN_CLONES
#endif

#define SN_INLINE static inline __attribute__((always_inline))

/* Selects go through the bits (integer operations), so that the loops vectorize under the build's strict
 * floating-point flags. */
typedef union {
  float f;
  uint32_t u;
} bits32;

/* e^x for x ≤ 0 (or NaN, kept) in float: Cephes' expf (range reduction by ln 2 in two parts, a degree-5
 * polynomial), within 2 ulp of e^x; below −87 it gives 0. */
SN_INLINE float exp_neg(float x) {
  bits32 v = {.f = x};
  uint32_t mag = v.u & 0x7fffffffu;
  uint32_t below = -(uint32_t)((mag > 0x42ae0000u) & (mag <= 0x7f800000u)); /* x < −87, −∞ included */
  v.u = (0xc2ae0000u & below) | (v.u & ~below);
  x = v.f;
  float n = (float)(int32_t)(x * 1.44269504088896341f - 0.5f);
  float r = x - n * 0.693359375f + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  float y = p * r * r + r + 1.0f;
  bits32 scale = {.u = (uint32_t)((int32_t)n + 127) << 23};
  return y * scale.f;
}

/* σ(x) without overflow: with e = e^−|x|, 1/(1 + e) for x ≥ 0 and e/(1 + e) for x < 0 */
SN_INLINE float sigmoid_f(float x) {
  bits32 v = {.f = x}, neg = {.u = v.u | 0x80000000u};
  bits32 e = {.f = exp_neg(neg.f)}, one = {.f = 1.0f};
  uint32_t m = (uint32_t)((int32_t)v.u >> 31);
  bits32 num = {.u = (e.u & m) | (one.u & ~m)};
  return num.f / (1.0f + e.f);
}

/* tanh x = sign(x)·(1 − e)/(1 + e) with e = e^−2|x| */
SN_INLINE float tanh_f(float x) {
  bits32 v = {.f = x}, neg = {.u = v.u | 0x80000000u};
  float e = exp_neg(2.0f * neg.f);
  bits32 t = {.f = (1.0f - e) / (1.0f + e)};
  t.u |= v.u & 0x80000000u;
  return t.f;
}

typedef struct lstm_job {
  const float *A, *cPrev, *gates, *tanhC, *dh, *dc;
  float *gatesOut, *c, *tanhCOut, *h, *dA, *dcPrev;
  int64_t H;
} lstm_job;

/* one row of the forward: gates, c, tanh c and h of H units */
SN_CLONES static void forward_row(const float *restrict af, const float *restrict ag, const float *restrict ai, const float *restrict ao, const float *restrict cp, float *restrict gf, float *restrict gg,
                                  float *restrict gi, float *restrict go, float *restrict c, float *restrict tc, float *restrict h, int64_t H) {
  for (int64_t k = 0; k < H; k++) {
    float f = sigmoid_f(af[k]), g = tanh_f(ag[k]), i = sigmoid_f(ai[k]), o = sigmoid_f(ao[k]);
    gf[k] = f, gg[k] = g, gi[k] = i, go[k] = o;
    float ck = f * cp[k] + g * i, t = tanh_f(ck);
    c[k] = ck, tc[k] = t, h[k] = o * t;
  }
}

/* one row of the backward: dA's four gates and dc_prev of H units */
SN_CLONES static void backward_row(const float *restrict gf, const float *restrict gg, const float *restrict gi, const float *restrict go, const float *restrict cp, const float *restrict tc, const float *restrict dh,
                                   const float *restrict dc, float *restrict df, float *restrict dg, float *restrict di, float *restrict dO, float *restrict dcp, int64_t H) {
  for (int64_t k = 0; k < H; k++) {
    float f = gf[k], g = gg[k], i = gi[k], o = go[k], t = tc[k];
    float ds = dc[k] + dh[k] * o * ((1 - t) * (1 + t));
    df[k] = ds * cp[k] * f * (1 - f);
    dg[k] = ds * i * ((1 - g) * (1 + g));
    di[k] = ds * g * i * (1 - i);
    dO[k] = dh[k] * t * o * (1 - o);
    dcp[k] = ds * f;
  }
}

static int forward_rows(void *ctx, int64_t r0, int64_t r1, sn_scratch *s) {
  (void)s;
  const lstm_job *j = ctx;
  const int64_t H = j->H;
  for (int64_t r = r0; r < r1; r++) {
    const float *a = j->A + r * 4 * H;
    float *g = j->gatesOut + r * 4 * H;
    forward_row(a, a + H, a + 2 * H, a + 3 * H, j->cPrev + r * H, g, g + H, g + 2 * H, g + 3 * H, j->c + r * H, j->tanhCOut + r * H, j->h + r * H, H);
  }
  return 0;
}

static int backward_rows(void *ctx, int64_t r0, int64_t r1, sn_scratch *s) {
  (void)s;
  const lstm_job *j = ctx;
  const int64_t H = j->H;
  for (int64_t r = r0; r < r1; r++) {
    const float *g = j->gates + r * 4 * H;
    float *d = j->dA + r * 4 * H;
    backward_row(g, g + H, g + 2 * H, g + 3 * H, j->cPrev + r * H, j->tanhC + r * H, j->dh + r * H, j->dc + r * H, d, d + H, d + 2 * H, d + 3 * H, j->dcPrev + r * H, H);
  }
  return 0;
}

/** Split across the pool from this many values of a step on (measured: docs/benchmarks.md, "LSTM step"). */
#define LSTM_SPLIT_VALUES 65536

/** the rows n (argument i) and units H (argument i + 1) */
static int64_t step_sizes(sn_args *a, size_t i, int64_t *H) {
  int64_t n = sn_int(a, i, "n", 0);
  *H = sn_int(a, i + 1, "H", 0);
  return n;
}

/** lstmForward(A, cPrev, gates, c, tanhC, h, n, H) */
static napi_value lstm_forward(napi_env env, napi_callback_info cb) {
  sn_args a;
  if (!sn_args_init(&a, env, cb, "lstmForward", 8)) return NULL;
  int64_t H = 0, n = step_sizes(&a, 6, &H);
  int64_t nh = sn_mul(&a, n, H, "n × H"), n4 = sn_mul(&a, nh, 4, "n × 4H");
  lstm_job j = {0};
  j.H = H;
  j.A = sn_f32(&a, 0, "A", n4, NULL);
  j.cPrev = sn_f32(&a, 1, "cPrev", nh, NULL);
  j.gatesOut = sn_f32(&a, 2, "gates", n4, NULL);
  j.c = sn_f32(&a, 3, "c", nh, NULL);
  j.tanhCOut = sn_f32(&a, 4, "tanhC", nh, NULL);
  j.h = sn_f32(&a, 5, "h", nh, NULL);
  if (a.failed) return NULL;
  float *outs[4] = {j.gatesOut, j.c, j.tanhCOut, j.h};
  int64_t lens[4] = {n4, nh, nh, nh};
  const char *names[4] = {"gates", "c", "tanhC", "h"};
  for (int p = 0; p < 4; p++) {
    sn_disjoint(&a, outs[p], lens[p] * 4, names[p], j.A, n4 * 4, "A");
    sn_disjoint(&a, outs[p], lens[p] * 4, names[p], j.cPrev, nh * 4, "cPrev");
    for (int q = p + 1; q < 4; q++) sn_disjoint(&a, outs[p], lens[p] * 4, names[p], outs[q], lens[q] * 4, names[q]);
  }
  if (a.failed) return NULL;
  sn_run(a.state, a.state->pool && n4 >= LSTM_SPLIT_VALUES, n, 1, forward_rows, &j);
  return sn_undefined(env);
}

/** lstmBackward(gates, cPrev, tanhC, dh, dc, dA, dcPrev, n, H) */
static napi_value lstm_backward(napi_env env, napi_callback_info cb) {
  sn_args a;
  if (!sn_args_init(&a, env, cb, "lstmBackward", 9)) return NULL;
  int64_t H = 0, n = step_sizes(&a, 7, &H);
  int64_t nh = sn_mul(&a, n, H, "n × H"), n4 = sn_mul(&a, nh, 4, "n × 4H");
  lstm_job j = {0};
  j.H = H;
  j.gates = sn_f32(&a, 0, "gates", n4, NULL);
  j.cPrev = sn_f32(&a, 1, "cPrev", nh, NULL);
  j.tanhC = sn_f32(&a, 2, "tanhC", nh, NULL);
  j.dh = sn_f32(&a, 3, "dh", nh, NULL);
  j.dc = sn_f32(&a, 4, "dc", nh, NULL);
  j.dA = sn_f32(&a, 5, "dA", n4, NULL);
  j.dcPrev = sn_f32(&a, 6, "dcPrev", nh, NULL);
  if (a.failed) return NULL;
  const float *ins[5] = {j.gates, j.cPrev, j.tanhC, j.dh, j.dc};
  int64_t lens[5] = {n4, nh, nh, nh, nh};
  const char *names[5] = {"gates", "cPrev", "tanhC", "dh", "dc"};
  for (int p = 0; p < 5; p++) {
    sn_disjoint(&a, j.dA, n4 * 4, "dA", ins[p], lens[p] * 4, names[p]);
    sn_disjoint(&a, j.dcPrev, nh * 4, "dcPrev", ins[p], lens[p] * 4, names[p]);
  }
  sn_disjoint(&a, j.dA, n4 * 4, "dA", j.dcPrev, nh * 4, "dcPrev");
  if (a.failed) return NULL;
  sn_run(a.state, a.state->pool && n4 >= LSTM_SPLIT_VALUES, n, 1, backward_rows, &j);
  return sn_undefined(env);
}

void sn_define_lstm(napi_env env, napi_value exports) {
  sn_export(env, exports, "lstmForward", lstm_forward);
  sn_export(env, exports, "lstmBackward", lstm_backward);
}
