/* exp, log and tanh as the WebAssembly kernels compute them: AssemblyScript's Math.exp/log (f64) and
 * Mathf.exp/log/tanh (f32), which are musl's and ARM optimized-routines' code, ported line by line in
 * the same order of operations (built without contraction, as WebAssembly has no fused multiply-add
 * here), so that the native kernels give the same bits. A C library's expf may differ in the last bit
 * (glibc's x86-64 expf uses FMA where the CPU has it). Compiled once per target by target.c. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "wasm-math-tables.h"

static inline uint32_t fbits(float x) { uint32_t u; memcpy(&u, &x, 4); return u; }
static inline float ffrom(uint32_t u) { float x; memcpy(&x, &u, 4); return x; }
static inline uint64_t dbits(double x) { uint64_t u; memcpy(&u, &x, 8); return u; }
static inline double dfrom(uint64_t u) { double x; memcpy(&x, &u, 8); return x; }

/* Mathf.exp (expf_lut): 0.502 ULP */
static inline float expf_wasm(float x) {
  const double shift = dfrom(0x4338000000000000ull), InvLn2N = dfrom(0x3FF71547652B82FEull) * 32;
  const double C0 = dfrom(0x3FAC6AF84B912394ull) / 32 / 32 / 32, C1 = dfrom(0x3FCEBFCE50FAC4F3ull) / 32 / 32, C2 = dfrom(0x3FE62E42FF0C52D6ull) / 32;
  double xd = (double)x;
  uint32_t ix = fbits(x);
  uint32_t ux = ix >> 20 & 0x7FF;
  if (ux >= 0x42B) {
    if (ix == 0xFF800000u) return 0;
    if (ux >= 0x7F8) return x + x;
    if (x > ffrom(0x42B17217)) return x * ffrom(0x7F000000);
    if (x < ffrom(0xC2CFF1B4)) return 0;
  }
  double z = InvLn2N * xd;
  double kd = z + shift;
  uint64_t ki = dbits(kd);
  double r = z - (kd - shift);
  uint64_t t = EXP2F_DATA_TAB[ki & 31];
  t += ki << (52 - 5);
  double s = dfrom(t);
  z = C0 * r + C1;
  double y = C2 * r + 1;
  y += z * (r * r);
  y *= s;
  return (float)y;
}

/* Mathf.log (logf_lut): 0.818 ULP */
static inline float logf_wasm(float x) {
  const double Ln2 = dfrom(0x3FE62E42FEFA39EFull), A0 = dfrom(0xBFD00EA348B88334ull), A1 = dfrom(0x3FD5575B0BE00B6Aull), A2 = dfrom(0xBFDFFFFEF20A4123ull);
  uint32_t ux = fbits(x);
  if (ux - 0x00800000u >= 0x7F800000u - 0x00800000u) {
    if ((uint32_t)(ux << 1) == 0) return -INFINITY;
    if (ux == 0x7F800000u) return x;
    if ((ux >> 31) || (uint32_t)(ux << 1) >= 0xFF000000u) return (x - x) / (x - x);
    ux = fbits(x * ffrom(0x4B000000));
    ux -= 23u << 23;
  }
  uint32_t tmp = ux - 0x3F330000u;
  uint32_t i = (tmp >> (23 - 4)) & 15;
  int32_t k = (int32_t)tmp >> 23;
  uint32_t iz = ux - (tmp & 0x1FFu << 23);
  double invc = dfrom(LOGF_DATA_TAB[2 * i]), logc = dfrom(LOGF_DATA_TAB[2 * i + 1]);
  double z = (double)ffrom(iz);
  double r = z * invc - 1;
  double y0 = logc + (double)k * Ln2;
  double r2 = r * r;
  double y = A1 * r + A2;
  y += A0 * r2;
  y = y * r2 + (y0 + r);
  return (float)y;
}

/* Mathf.expm1 (musl's expm1f), for tanh */
static inline float expm1f_wasm(float x) {
  const float ln2_hi = ffrom(0x3F317180), ln2_lo = ffrom(0x3717F7D1), invln2 = ffrom(0x3FB8AA3B);
  const float Q1 = ffrom(0xBD088868), Q2 = ffrom(0x3ACF3010), Ox1p127f = ffrom(0x7F000000);
  uint32_t u = fbits(x);
  uint32_t hx = u & 0x7FFFFFFF;
  uint32_t sign = u >> 31;
  if (hx >= 0x4195B844) {
    if (hx > 0x7F800000) return x;
    if (sign) return -1;
    if (hx > 0x42B17217) return x * Ox1p127f;
  }
  float c = 0.0f, t;
  int32_t k;
  if (hx > 0x3EB17218) {
    k = hx < 0x3F851592 ? 1 - (int32_t)(sign << 1) : (int32_t)(invln2 * x + copysignf(0.5f, x));
    t = (float)k;
    float hi = x - t * ln2_hi;
    float lo = t * ln2_lo;
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (hx < 0x33000000) {
    return x;
  } else {
    k = 0;
  }
  float hfx = 0.5f * x;
  float hxs = x * hfx;
  float r1 = 1.0f + hxs * (Q1 + hxs * Q2);
  t = 3.0f - r1 * hfx;
  float e = hxs * ((r1 - t) / (6.0f - x * t));
  if (k == 0) return x - (x * e - hxs);
  e = x * (e - c) - c;
  e -= hxs;
  if (k == -1) return 0.5f * (x - e) - 0.5f;
  if (k == 1) {
    if (x < -0.25f) return -2.0f * (e - (x + 0.5f));
    return 1.0f + 2.0f * (x - e);
  }
  u = (uint32_t)(0x7F + k) << 23;
  float twopk = ffrom(u);
  float y;
  if (k < 0 || k > 56) {
    y = x - e + 1.0f;
    if (k == 128) y = y * 2.0f * Ox1p127f;
    else y = y * twopk;
    return y - 1.0f;
  }
  u = (uint32_t)(0x7F - k) << 23;
  y = ffrom(u);
  if (k < 20) y = (1 - y) - e;
  else y = 1 - (e + y);
  return (x + y) * twopk;
}

/* Mathf.tanh (musl's tanhf) */
static inline float tanhf_wasm(float x) {
  uint32_t u = fbits(x) & 0x7FFFFFFF;
  float y = ffrom(u);
  float t;
  if (u > 0x3F0C9F54) {
    if (u > 0x41200000) {
      t = 1 + 0 / y;
    } else {
      t = expm1f_wasm(2 * y);
      t = 1 - 2 / (t + 2);
    }
  } else if (u > 0x3E82C578) {
    t = expm1f_wasm(2 * y);
    t = t / (t + 2);
  } else if (u >= 0x00800000) {
    t = expm1f_wasm(-2 * y);
    t = -t / (t + 2);
  } else {
    t = y;
  }
  return copysignf(t, x);
}

/* exp_lut's handling of results that may overflow or fall into the subnormal range */
static inline double exp_specialcase(double tmp, uint64_t sbits, uint64_t ki) {
  double scale;
  if (!(ki & 0x80000000)) {
    sbits -= 1009ull << 52;
    scale = dfrom(sbits);
    return dfrom(0x7F00000000000000ull) * (scale + scale * tmp);
  }
  sbits += 1022ull << 52;
  scale = dfrom(sbits);
  double y = scale + scale * tmp;
  if (fabs(y) < 1.0) {
    double one = copysign(1.0, y);
    double lo = scale - y + scale * tmp;
    double hi = one + y;
    lo = one - hi + y + lo;
    y = (hi + lo) - one;
    if (y == 0.0) y = dfrom(sbits & 0x8000000000000000ull);
  }
  return y * dfrom(0x0010000000000000ull);
}

/* Math.exp (exp_lut) */
static inline double exp_wasm(double x) {
  const double InvLn2N = dfrom(0x3FF71547652B82FEull) * 128, NegLn2hiN = dfrom(0xBF762E42FEFA0000ull), NegLn2loN = dfrom(0xBD0CF79ABC9E3B3Aull), shift = dfrom(0x4338000000000000ull);
  const double C2 = dfrom(0x3FDFFFFFFFFFFDBDull), C3 = dfrom(0x3FC555555555543Cull), C4 = dfrom(0x3FA55555CF172B91ull), C5 = dfrom(0x3F81111167A4D017ull);
  uint64_t ux = dbits(x);
  uint32_t abstop = (uint32_t)(ux >> 52) & 0x7FF;
  if (abstop - 0x3C9 >= 0x03F) {
    if (abstop - 0x3C9 >= 0x80000000u) return 1;
    if (abstop >= 0x409) {
      if (ux == 0xFFF0000000000000ull) return 0;
      if (abstop >= 0x7FF) return 1.0 + x;
      return (int64_t)ux < 0 ? 0 : INFINITY;
    }
    abstop = 0;
  }
  double z = InvLn2N * x;
  double kd = z + shift;
  uint64_t ki = dbits(kd);
  kd -= shift;
  double r = x + kd * NegLn2hiN + kd * NegLn2loN;
  size_t idx = (size_t)((ki & 127) << 1);
  uint64_t top = ki << (52 - 7);
  double tail = dfrom(EXP_DATA_TAB[idx]);
  uint64_t sbits = EXP_DATA_TAB[idx + 1] + top;
  double r2 = r * r;
  double tmp = tail + r + r2 * (C2 + r * C3) + r2 * r2 * (C4 + r * C5);
  if (abstop == 0) return exp_specialcase(tmp, sbits, ki);
  double scale = dfrom(sbits);
  return scale + scale * tmp;
}

/* Math.log (log_lut) */
static inline double log_wasm(double x) {
  const double B0 = dfrom(0xBFE0000000000000ull), B1 = dfrom(0x3FD5555555555577ull), B2 = dfrom(0xBFCFFFFFFFFFFDCBull), B3 = dfrom(0x3FC999999995DD0Cull);
  const double B4 = dfrom(0xBFC55555556745A7ull), B5 = dfrom(0x3FC24924A344DE30ull), B6 = dfrom(0xBFBFFFFFA4423D65ull), B7 = dfrom(0x3FBC7184282AD6CAull);
  const double B8 = dfrom(0xBFB999EB43B068FFull), B9 = dfrom(0x3FB78182F7AFD085ull), B10 = dfrom(0xBFB5521375D145CDull);
  const double A0 = dfrom(0xBFE0000000000001ull), A1 = dfrom(0x3FD555555551305Bull), A2 = dfrom(0xBFCFFFFFFFEB4590ull), A3 = dfrom(0x3FC999B324F10111ull), A4 = dfrom(0xBFC55575E506C89Full);
  const uint64_t LO = 0x3FEE000000000000ull, HI = 0x3FF1090000000000ull;
  const double Ln2hi = dfrom(0x3FE62E42FEFA3800ull), Ln2lo = dfrom(0x3D2EF35793C76730ull), Ox1p27 = dfrom(0x41A0000000000000ull), Ox1p52 = dfrom(0x4330000000000000ull);
  uint64_t ix = dbits(x);
  if (ix - LO < HI - LO) {
    double r = x - 1.0;
    double r2 = r * r;
    double r3 = r2 * r;
    double y = r3 * (B1 + r * B2 + r2 * B3 + r3 * (B4 + r * B5 + r2 * B6 + r3 * (B7 + r * B8 + r2 * B9 + r3 * B10)));
    double w = r * Ox1p27;
    double rhi = r + w - w;
    double rlo = r - rhi;
    w = rhi * rhi * B0;
    double hi = r + w;
    double lo = r - hi + w;
    lo += B0 * rlo * (rhi + r);
    return y + lo + hi;
  }
  uint32_t top = (uint32_t)(ix >> 48);
  if (top - 0x0010 >= 0x7FF0 - 0x0010) {
    if ((ix << 1) == 0) return -1.0 / (x * x);
    if (ix == dbits(INFINITY)) return x;
    if ((top & 0x8000) || (top & 0x7FF0) == 0x7FF0) return (x - x) / (x - x);
    ix = dbits(x * Ox1p52);
    ix -= 52ull << 52;
  }
  uint64_t tmp = ix - 0x3FE6000000000000ull;
  size_t i = (size_t)((tmp >> (52 - 7)) & 127);
  int64_t k = (int64_t)tmp >> 52;
  uint64_t iz = ix - (tmp & (0xFFFull << 52));
  double invc = dfrom(LOG_DATA_TAB1[2 * i]), logc = dfrom(LOG_DATA_TAB1[2 * i + 1]);
  double z = dfrom(iz);
  double chi = dfrom(LOG_DATA_TAB2[2 * i]), clo = dfrom(LOG_DATA_TAB2[2 * i + 1]);
  double r = (z - chi - clo) * invc;
  double kd = (double)k;
  double w = kd * Ln2hi + logc;
  double hi = w + r;
  double lo = w - hi + r + kd * Ln2lo;
  double r2 = r * r;
  return lo + r2 * A0 + r * r2 * (A1 + r * A2 + r2 * (A3 + r * A4)) + hi;
}
