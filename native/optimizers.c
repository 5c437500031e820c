/* The optimizers' fused steps in float32, in place on a parameter and its state, with the WebAssembly
 * kernels' arithmetic (src/backend/wasm/assembly/optimizers.ts): a rounded product and a rounded sum,
 * never fused, and state below 2⁻¹²⁶ stored as +0 (subnormal arithmetic is slow on x86). Its vector body
 * covers the first n&~3 values and a scalar loop the rest; RMSprop's two compute gain·g² in a different
 * order, so `body` marks where the vector formula ends. Compiled once per target by target.c. */
#include <math.h>

#include "simd.h"
#include "kernels.h"

#define TINY 1.17549435e-38f

static inline vf flush_v(vf x) {
  vi small = (vf)((vi)x & ((vi){0} + 0x7FFFFFFF)) < vset1(TINY);
  return (vf)((vi)x & ~small);
}

static inline float flush_s(float x) { return fabsf(x) < TINY ? 0.0f : x; }

/* v ← α·v − lr·g;  p ← p + c·v − d·g (momentum: c = 1, d = 0; Nesterov: c = α², d = (1 + α)·lr) */
static void SN(momentum_step)(float *p, const float *g, float *v, int64_t n, float lr, float alpha, float c, float d) {
  vf A = vset1(alpha), L = vset1(lr), Cv = vset1(c), D = vset1(d);
  int64_t i = 0;
  for (; i + VW <= n; i += VW) {
    vf gi = vload(g + i);
    vf vi_ = flush_v(A * vload(v + i) - L * gi);
    vstore(v + i, vi_);
    vstore(p + i, (vload(p + i) + Cv * vi_) - D * gi);
  }
  for (; i < n; i++) {
    float gi = g[i];
    float vi_ = flush_s(alpha * v[i] - lr * gi);
    v[i] = vi_;
    p[i] = p[i] + c * vi_ - d * gi;
  }
}

/* h ← ρ·h + gain·g²;  p ← p − lr·g/(√h + ε) */
static void SN(rmsprop_step)(float *p, const float *g, float *h, int64_t n, float lr, float rho, float gain, float eps) {
  vf L = vset1(lr), R = vset1(rho), G = vset1(gain), E = vset1(eps);
  int64_t body = n & ~(int64_t)3, i = 0;
  for (; i + VW <= body; i += VW) {
    vf gi = vload(g + i);
    vf hi = flush_v(R * vload(h + i) + G * (gi * gi));
    vstore(h + i, hi);
    vstore(p + i, vload(p + i) - (L * gi) / (vsqrt(hi) + E));
  }
  for (; i < body; i++) {
    float gi = g[i];
    float hi = flush_s(rho * h[i] + gain * (gi * gi));
    h[i] = hi;
    p[i] = p[i] - (lr * gi) / (sqrtf(hi) + eps);
  }
  for (; i < n; i++) {
    float gi = g[i];
    float hi = flush_s(rho * h[i] + gain * gi * gi);
    h[i] = hi;
    p[i] = p[i] - (lr * gi) / (sqrtf(hi) + eps);
  }
}

/* m ← m + (1 − β1)(g − m);  v ← v + (1 − β2)(g² − v);  p ← p − lr_t·m/(√v + ε) */
static void SN(adam_step)(float *p, const float *g, float *m, float *v, int64_t n, float lr_t, float beta1, float beta2, float eps) {
  float c1 = 1 - beta1, c2 = 1 - beta2;
  vf C1 = vset1(c1), C2 = vset1(c2), L = vset1(lr_t), E = vset1(eps);
  int64_t i = 0;
  for (; i + VW <= n; i += VW) {
    vf gi = vload(g + i), m0 = vload(m + i), v0 = vload(v + i);
    vf mi = flush_v(m0 + C1 * (gi - m0));
    vf vi_ = flush_v(v0 + C2 * (gi * gi - v0));
    vstore(m + i, mi);
    vstore(v + i, vi_);
    vstore(p + i, vload(p + i) - (L * mi) / (vsqrt(vi_) + E));
  }
  for (; i < n; i++) {
    float gi = g[i], m0 = m[i], v0 = v[i];
    float mi = flush_s(m0 + c1 * (gi - m0));
    float vi_ = flush_s(v0 + c2 * (gi * gi - v0));
    m[i] = mi;
    v[i] = vi_;
    p[i] = p[i] - (lr_t * mi) / (sqrtf(vi_) + eps);
  }
}
