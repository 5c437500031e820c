/* im2col, col2im and max pooling over NCHW float32 data: the reference's loops (src/backend/reference/
 * im2col.ts). col2im adds each column value back in the same order of windows as the reference and the
 * WebAssembly kernels, so every pixel's sum is the same. Compiled once per target by target.c. */
#include <math.h>

#include "simd.h"
#include "kernels.h"

/* copies n floats (to < from + n never overlap), vectors then one masked vector */
static inline void copy_row(float *to, const float *from, int64_t n) {
  int64_t i = 0;
  for (; i + VW <= n; i += VW) vstore(to + i, vload(from + i));
  if (i < n) vstoren(to + i, vloadn(from + i, (int)(n - i)), (int)(n - i));
}

/* to[i] += from[i] for n floats */
static inline void add_row(float *to, const float *from, int64_t n) {
  int64_t i = 0;
  for (; i + VW <= n; i += VW) vstore(to + i, vload(to + i) + vload(from + i));
  if (i < n) vstoren(to + i, vloadn(to + i, (int)(n - i)) + vloadn(from + i, (int)(n - i)), (int)(n - i));
}

/* The walk both share: every (fh × fw) window of samples [b0, b1) in the order of the columns
 * (n·oh·ow rows, c·fh·fw columns). SCATTER (a constant at both calls): 0 copies into the columns,
 * padding reading pad_value; 1 adds the columns back into the image, padding dropped. */
static inline __attribute__((always_inline)) void walk(int SCATTER, float *image, float *cols, const sn_geom *g, float pad_value, int64_t b0, int64_t b1) {
  const int64_t C = g->C, H = g->H, W = g->W, FH = g->FH, FW = g->FW, S = g->stride, P = g->pad, OH = g->OH, OW = g->OW;
  float *o = cols + b0 * OH * OW * C * FH * FW;
  for (int64_t n = b0; n < b1; n++)
    for (int64_t oy = 0; oy < OH; oy++) {
      int64_t y0 = oy * S - P;
      for (int64_t ox = 0; ox < OW; ox++) {
        int64_t x0 = ox * S - P;
        int whole = x0 >= 0 && x0 + FW <= W;
        for (int64_t c = 0; c < C; c++) {
          float *plane = image + (n * C + c) * H * W;
          for (int64_t ky = 0; ky < FH; ky++, o += FW) {
            int64_t y = y0 + ky;
            if (y < 0 || y >= H) {
              if (!SCATTER)
                for (int64_t kx = 0; kx < FW; kx++) o[kx] = pad_value;
            } else if (whole) {
              if (SCATTER) add_row(plane + y * W + x0, o, FW);
              else copy_row(o, plane + y * W + x0, FW);
            } else {
              for (int64_t kx = 0; kx < FW; kx++) {
                int64_t xx = x0 + kx;
                if (SCATTER) {
                  if (xx >= 0 && xx < W) plane[y * W + xx] += o[kx];
                } else {
                  o[kx] = xx >= 0 && xx < W ? plane[y * W + xx] : pad_value;
                }
              }
            }
          }
        }
      }
    }
}

static void SN(im2col)(const float *x, float *out, const sn_geom *g, float pad_value, int64_t b0, int64_t b1) {
  walk(0, (float *)x, out, g, pad_value, b0, b1);
}

/* col2im at stride 1, each pixel's terms added in the walk's order (windows by oy, then ox), so with the
 * same bits: one output row of windows (oy) at a time, its OW×CK columns first transposed into `t`, CK
 * rows of OW values with FW zeros either side; then for each channel and filter row ky the image row
 * y = oy − pad + ky is held in registers while kx runs down from FW − 1 (ox up, for any one pixel), each
 * kx one shifted vector add. The zeros add +0 where a window lies past the image, which leaves every sum
 * as it is (a sum from +0 is never −0). The walk's three-float masked adds, each reading what the last
 * one stored at an offset, stalled on store forwarding: docs/benchmarks.md, DeepConvNet. */
static void col2im_s1(const float *col, float *out, const sn_geom *g, int64_t b0, int64_t b1, float *t) {
  const int64_t C = g->C, H = g->H, W = g->W, FH = g->FH, FW = g->FW, P = g->pad, OH = g->OH, OW = g->OW;
  const int64_t CK = C * FH * FW, row = OW + 2 * FW;
  memset(t, 0, (size_t)(CK * row) * sizeof(float));
  for (int64_t n = b0; n < b1; n++) {
    float *image = out + n * C * H * W;
    for (int64_t oy = 0; oy < OH; oy++) {
      const float *block = col + (n * OH + oy) * OW * CK;
      for (int64_t ox = 0; ox < OW; ox++)
        for (int64_t q = 0; q < CK; q++) t[q * row + FW + ox] = block[ox * CK + q];
      for (int64_t c = 0; c < C; c++)
        for (int64_t ky = 0; ky < FH; ky++) {
          int64_t y = oy - P + ky;
          if (y < 0 || y >= H) continue;
          float *to = image + (c * H + y) * W;
          const float *tq = t + ((c * FH + ky) * FW) * row + FW + P; /* + x − kx: the term of pixel x from window ox = x + P − kx */
          for (int64_t x = 0; x < W; x += VW) {
            int cnt = W - x < VW ? (int)(W - x) : VW;
            vf acc = vloadn(to + x, cnt);
            for (int64_t kx = FW - 1; kx >= 0; kx--) acc = acc + vloadn(tq + kx * row + x - kx, cnt);
            vstoren(to + x, acc, cnt);
          }
        }
    }
  }
}

/* samples [b0, b1) of out (zeroed here) get every column value added back where im2col read it */
static void SN(col2im)(const float *col, float *out, const sn_geom *g, int64_t b0, int64_t b1, sn_scratch *s) {
  int64_t plane = g->C * g->H * g->W;
  memset(out + b0 * plane, 0, (size_t)((b1 - b0) * plane) * sizeof(float));
  float *t = g->stride == 1 ? sn_scratch_get(s, (size_t)(g->C * g->FH * g->FW * (g->OW + 2 * g->FW)) * sizeof(float)) : NULL;
  if (t) col2im_s1(col, out, g, b0, b1, t);
  else walk(1, out, (float *)col, g, 0, b0, b1);
}

/* v wins over best if greater, or if it is the first NaN (which then stays) */
static inline int takes(float v, float best) { return (v > best) | ((v != v) & (best == best)); }

#if defined(__clang__) || __GNUC__ >= 12
#define SHUFFLE __builtin_shufflevector
#define IDX(...) __VA_ARGS__
#else
#define SHUFFLE __builtin_shuffle
#define IDX(...) ((vi){__VA_ARGS__})
#endif
#if VW == 16
#define EVENS(a, b) SHUFFLE(a, b, IDX(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30))
#define ODDS(a, b) SHUFFLE(a, b, IDX(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31))
static const int32_t lane2[16] = {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30};
#elif VW == 8
#define EVENS(a, b) SHUFFLE(a, b, IDX(0, 2, 4, 6, 8, 10, 12, 14))
#define ODDS(a, b) SHUFFLE(a, b, IDX(1, 3, 5, 7, 9, 11, 13, 15))
static const int32_t lane2[8] = {0, 2, 4, 6, 8, 10, 12, 14};
#else
#define EVENS(a, b) SHUFFLE(a, b, IDX(0, 2, 4, 6))
#define ODDS(a, b) SHUFFLE(a, b, IDX(1, 3, 5, 7))
static const int32_t lane2[4] = {0, 2, 4, 6};
#endif

/* best/at take v/i where v wins (see takes) */
static inline void take_v(vf v, vi i, vf *best, vi *at) {
  vi t = (v > *best) | ((v != v) & (*best == *best));
  *best = vsel(t, v, *best);
  *at = (i & t) | (*at & ~t);
}

/* The book's 2×2, stride-2, unpadded pooling, one output row of VW windows at a time (the window's four
 * values in the reference's order: (0,0), (0,1), (1,0), (1,1)), the rest one by one. */
static void pool2x2_row(const float *top, const float *bottom, float *out, int32_t *argmax, int64_t ow, int32_t at0, int32_t w) {
  int64_t ox = 0;
  vi lanes;
  memcpy(&lanes, lane2, sizeof lanes);
  for (; ox + VW <= ow; ox += VW) {
    vf t0 = vload(top + 2 * ox), t1 = vload(top + 2 * ox + VW), b0 = vload(bottom + 2 * ox), b1 = vload(bottom + 2 * ox + VW);
    vi i0 = lanes + (at0 + 2 * (int32_t)ox);
    vf best = EVENS(t0, t1);
    vi at = i0;
    take_v(ODDS(t0, t1), i0 + 1, &best, &at);
    take_v(EVENS(b0, b1), i0 + w, &best, &at);
    take_v(ODDS(b0, b1), i0 + w + 1, &best, &at);
    vstore(out + ox, best);
    memcpy(argmax + ox, &at, sizeof at);
  }
  for (; ox < ow; ox++) {
    int32_t i0 = at0 + 2 * (int32_t)ox;
    const int32_t pos[4] = {i0, i0 + 1, i0 + w, i0 + w + 1};
    const float v[4] = {top[2 * ox], top[2 * ox + 1], bottom[2 * ox], bottom[2 * ox + 1]};
    float best = v[0];
    int32_t at = pos[0];
    for (int q = 1; q < 4; q++)
      if (takes(v[q], best)) {
        best = v[q];
        at = pos[q];
      }
    out[ox] = best;
    argmax[ox] = at;
  }
}

/* Max over each window: out (n, c, oh, ow) and the flat index of the first maximum; a window of padding alone gives −∞ and −1. */
static void SN(max_pool)(const float *x, float *out, int32_t *argmax, const sn_geom *g) {
  const int64_t H = g->H, W = g->W, FH = g->FH, FW = g->FW, S = g->stride, P = g->pad, OH = g->OH, OW = g->OW;
  if (FH == 2 && FW == 2 && S == 2 && P == 0) {
    for (int64_t plane = 0, o = 0; plane < g->N * g->C; plane++)
      for (int64_t oy = 0; oy < OH; oy++, o += OW) {
        int64_t row = plane * H * W + 2 * oy * W;
        pool2x2_row(x + row, x + row + W, out + o, argmax + o, OW, (int32_t)row, (int32_t)W);
      }
    return;
  }
  int64_t o = 0;
  for (int64_t plane = 0; plane < g->N * g->C; plane++) {
    int64_t base = plane * H * W;
    for (int64_t oy = 0; oy < OH; oy++) {
      int64_t y0 = oy * S - P < 0 ? 0 : oy * S - P;
      int64_t y1 = oy * S - P + FH > H ? H : oy * S - P + FH;
      for (int64_t ox = 0; ox < OW; ox++, o++) {
        int64_t x0 = ox * S - P < 0 ? 0 : ox * S - P;
        int64_t x1 = ox * S - P + FW > W ? W : ox * S - P + FW;
        if (y0 >= y1 || x0 >= x1) {
          out[o] = -INFINITY;
          argmax[o] = -1;
          continue;
        }
        int64_t at = base + y0 * W + x0;
        float best = x[at];
        for (int64_t y = y0; y < y1; y++)
          for (int64_t xx = y == y0 ? x0 + 1 : x0; xx < x1; xx++) {
            int64_t i = base + y * W + xx;
            float v = x[i];
            int t = takes(v, best);
            best = t ? v : best;
            at = t ? i : at;
          }
        out[o] = best;
        argmax[o] = (int32_t)at;
      }
    }
  }
}

/* out (zeroed here) [argmax[i]] += dout[i]; an index of −1 (a window of padding alone) routes nowhere */
static void SN(max_pool_backward)(const float *dout, const int32_t *argmax, float *out, int64_t n, int64_t out_len) {
  memset(out, 0, (size_t)out_len * sizeof(float));
  for (int64_t i = 0; i < n; i++)
    if (argmax[i] >= 0) out[argmax[i]] += dout[i];
}
