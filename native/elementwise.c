/* Element-wise kernels, reductions and log-softmax for float32: the operations of the TypeScript
 * reference with the WebAssembly kernels' arithmetic (src/backend/wasm/assembly/elementwise.ts) to the
 * bit, including the places where its vector body and scalar tail differ (reduce_max). Op codes follow
 * BinaryOp and UnaryOp in src/backend/kernels.ts. Compiled once per target by target.c. */
#include <math.h>

#include "simd.h"
#include "kernels.h"

/* binary ops: 0 add, 1 sub, 2 mul, 3 div, 4 maximum, 5 minimum, 6 greater, 7 onlyWherePositive */
static inline __attribute__((always_inline)) vf bin_v(int op, vf x, vf y) {
  switch (op) {
    case 0: return x + y;
    case 1: return x - y;
    case 2: return x * y;
    case 3: return x / y;
    case 4: return vmax_wasm(x, y);
    case 5: return vmin_wasm(x, y);
    case 6: return vand(x > y, vset1(1.0f));
    default: return vand(y > vzero(), x);
  }
}

/* out[r, j] = a[r·ars + j·acs] op b[r·brs + j·bcs], column strides 0 or 1 */
static inline __attribute__((always_inline)) void rows_of(int op, const float *a, int64_t ars, int acs, const float *b, int64_t brs, int bcs, float *out, int64_t rows, int64_t cols) {
  for (int64_t r = 0; r < rows; r++, out += cols) {
    const float *ar = a + r * ars, *br = b + r * brs;
    int64_t j = 0;
    if (acs && bcs) {
      for (; j + VW <= cols; j += VW) vstore(out + j, bin_v(op, vload(ar + j), vload(br + j)));
      if (j < cols) vstoren(out + j, bin_v(op, vloadn(ar + j, (int)(cols - j)), vloadn(br + j, (int)(cols - j))), (int)(cols - j));
    } else if (acs) {
      vf y = vset1(br[0]);
      for (; j + VW <= cols; j += VW) vstore(out + j, bin_v(op, vload(ar + j), y));
      if (j < cols) vstoren(out + j, bin_v(op, vloadn(ar + j, (int)(cols - j)), y), (int)(cols - j));
    } else if (bcs) {
      vf x = vset1(ar[0]);
      for (; j + VW <= cols; j += VW) vstore(out + j, bin_v(op, x, vload(br + j)));
      if (j < cols) vstoren(out + j, bin_v(op, x, vloadn(br + j, (int)(cols - j))), (int)(cols - j));
    } else {
      vf v = bin_v(op, vset1(ar[0]), vset1(br[0]));
      for (; j + VW <= cols; j += VW) vstore(out + j, v);
      if (j < cols) vstoren(out + j, v, (int)(cols - j));
    }
  }
}

static void SN(binary_rows)(int op, const float *a, int64_t ars, int acs, const float *b, int64_t brs, int bcs, float *out, int64_t rows, int64_t cols) {
  switch (op) {
    case 0: rows_of(0, a, ars, acs, b, brs, bcs, out, rows, cols); break;
    case 1: rows_of(1, a, ars, acs, b, brs, bcs, out, rows, cols); break;
    case 2: rows_of(2, a, ars, acs, b, brs, bcs, out, rows, cols); break;
    case 3: rows_of(3, a, ars, acs, b, brs, bcs, out, rows, cols); break;
    case 4: rows_of(4, a, ars, acs, b, brs, bcs, out, rows, cols); break;
    case 5: rows_of(5, a, ars, acs, b, brs, bcs, out, rows, cols); break;
    case 6: rows_of(6, a, ars, acs, b, brs, bcs, out, rows, cols); break;
    default: rows_of(7, a, ars, acs, b, brs, bcs, out, rows, cols); break;
  }
}

/* unary ops: 0 neg, 1 exp, 2 log, 3 sqrt, 4 abs, 5 square, 6 reciprocal, 7 relu, 8 sigmoid, 9 tanh */
static inline __attribute__((always_inline)) vf un_v(int op, vf x) {
  switch (op) {
    case 0: return -x;
    case 3: return vsqrt(x);
    case 4: return (vf)((vi)x & ((vi){0} + 0x7FFFFFFF));
    case 5: return x * x;
    case 6: return vset1(1.0f) / x;
    default: return vmax_wasm(x, vzero()); /* relu */
  }
}

/* the WebAssembly kernels' sigmoid: e^x/(1 + e^x) for x < 0, 1/(1 + e^−x) otherwise, with their expf */
static inline float sigmoid_wasm(float x) {
  if (x < 0) {
    float e = expf_wasm(x);
    return e / (1 + e);
  }
  return 1 / (1 + expf_wasm(-x));
}

static inline __attribute__((always_inline)) void unary_of(int op, const float *a, float *out, int64_t n) {
  if (op == 1 || op == 2 || op == 8 || op == 9) {
    for (int64_t i = 0; i < n; i++) {
      float x = a[i];
      out[i] = op == 1 ? expf_wasm(x) : op == 2 ? logf_wasm(x) : op == 8 ? sigmoid_wasm(x) : tanhf_wasm(x);
    }
    return;
  }
  int64_t i = 0;
  for (; i + VW <= n; i += VW) vstore(out + i, un_v(op, vload(a + i)));
  if (i < n) vstoren(out + i, un_v(op, vloadn(a + i, (int)(n - i))), (int)(n - i));
}

static void SN(unary)(int op, const float *a, float *out, int64_t n) {
  switch (op) {
    case 0: unary_of(0, a, out, n); break;
    case 1: unary_of(1, a, out, n); break;
    case 2: unary_of(2, a, out, n); break;
    case 3: unary_of(3, a, out, n); break;
    case 4: unary_of(4, a, out, n); break;
    case 5: unary_of(5, a, out, n); break;
    case 6: unary_of(6, a, out, n); break;
    case 7: unary_of(7, a, out, n); break;
    case 8: unary_of(8, a, out, n); break;
    default: unary_of(9, a, out, n); break;
  }
}

/* sums over the middle axis in float64, l = 0, 1, ... for each output (the reference's order and type) */
static void SN(reduce_sum)(const float *a, float *out, int64_t outer, int64_t len, int64_t inner, double *acc) {
  for (int64_t o = 0; o < outer; o++) {
    const float *ab = a + o * len * inner;
    for (int64_t j = 0; j < inner; j++) acc[j] = 0;
    for (int64_t l = 0; l < len; l++) {
      const float *row = ab + l * inner;
      for (int64_t j = 0; j < inner; j++) acc[j] += (double)row[j];
    }
    for (int64_t j = 0; j < inner; j++) out[o * inner + j] = (float)acc[j];
  }
}

/* the maximum over the middle axis: WebAssembly's f32x4.max on the first inner&~3 columns (its vector
 * body), the reference's comparison on the rest (its scalar tail), which differ for ±0 */
static void SN(reduce_max)(const float *a, float *out, int64_t outer, int64_t len, int64_t inner) {
  int64_t inner4 = inner & ~(int64_t)3;
  for (int64_t o = 0; o < outer; o++) {
    const float *ab = a + o * len * inner;
    float *ob = out + o * inner;
    memcpy(ob, ab, (size_t)inner * sizeof(float));
    for (int64_t l = 1; l < len; l++) {
      const float *row = ab + l * inner;
      int64_t j = 0;
      for (; j + VW <= inner4; j += VW) vstore(ob + j, vmax_wasm(vload(ob + j), vload(row + j)));
      if (j < inner4) vstoren(ob + j, vmax_wasm(vloadn(ob + j, (int)(inner4 - j)), vloadn(row + j, (int)(inner4 - j))), (int)(inner4 - j));
      for (j = inner4; j < inner; j++) {
        float v = row[j], m = ob[j];
        if (v > m || (v != v && m == m)) ob[j] = v;
      }
    }
  }
}

/* index of the first maximum along the middle axis; a NaN counts as the maximum (the reference's loop) */
static void SN(argmax)(const float *a, int32_t *out, int64_t outer, int64_t len, int64_t inner) {
  for (int64_t o = 0; o < outer; o++)
    for (int64_t j = 0; j < inner; j++) {
      const float *p = a + o * len * inner + j;
      int32_t best = 0;
      float m = p[0];
      for (int64_t l = 1; l < len && m == m; l++) {
        float v = p[l * inner];
        if (v > m || v != v) {
          m = v;
          best = (int32_t)l;
        }
      }
      out[o * inner + j] = best;
    }
}

/* y += alpha·x: a rounded product, then a rounded sum */
static void SN(axpy)(float alpha, const float *x, float *y, int64_t n) {
  vf s = vset1(alpha);
  int64_t i = 0;
  for (; i + VW <= n; i += VW) vstore(y + i, vload(y + i) + s * vload(x + i));
  if (i < n) vstoren(y + i, vloadn(y + i, (int)(n - i)) + s * vloadn(x + i, (int)(n - i)), (int)(n - i));
}

/* whether no value is NaN or ±∞: x − x is 0 for finite x and NaN otherwise */
static int SN(all_finite)(const float *a, int64_t n) {
  vi bad = (vi)vzero();
  int64_t i = 0;
  for (; i + 4 * VW <= n; i += 4 * VW) {
    vf x0 = vload(a + i), x1 = vload(a + i + VW), x2 = vload(a + i + 2 * VW), x3 = vload(a + i + 3 * VW);
    bad |= ((x0 - x0) != (x0 - x0)) | ((x1 - x1) != (x1 - x1)) | ((x2 - x2) != (x2 - x2)) | ((x3 - x3) != (x3 - x3));
  }
  for (; i < n; i += VW) {
    vf x = vloadn(a + i, n - i < VW ? (int)(n - i) : VW);
    bad |= (x - x) != (x - x);
  }
  for (int l = 0; l < VW; l++)
    if (bad[l]) return 0;
  return 1;
}

/* x − m − log Σ e^(x − m) per row, m the row's maximum (NaN if the row has one); the sum and log in float64 */
static void SN(log_softmax)(const float *a, float *out, int64_t rows, int64_t cols) {
  for (int64_t r = 0; r < rows; r++) {
    const float *row = a + r * cols;
    float *orow = out + r * cols;
    float m = -INFINITY;
    for (int64_t j = 0; j < cols; j++) {
      float v = row[j];
      if (v > m || v != v) m = v;
    }
    double sum = 0;
    for (int64_t j = 0; j < cols; j++) sum += exp_wasm((double)row[j] - (double)m);
    double lse = log_wasm(sum);
    for (int64_t j = 0; j < cols; j++) orow[j] = (float)((double)row[j] - (double)m - lse);
  }
}
