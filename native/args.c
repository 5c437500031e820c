/* The argument readers of args.h: every check a binding needs before a kernel may touch memory. */
#define _DEFAULT_SOURCE
#include "args.h"
#ifdef __linux__
#include <sys/mman.h>
#endif

#include <math.h>
#include <stdarg.h>
#include <string.h>

napi_value sn_undefined(napi_env env) {
  napi_value v;
  napi_get_undefined(env, &v);
  return v;
}

void sn_fail(sn_args *a, const char *code, const char *fmt, ...) {
  if (a->failed) return;
  a->failed = 1;
  char msg[512];
  int at = snprintf(msg, sizeof msg, "%s: ", a->fn);
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg + at, sizeof msg - (size_t)at, fmt, ap);
  va_end(ap);
  napi_throw_error(a->env, code, msg);
}

int sn_args_init(sn_args *a, napi_env env, napi_callback_info info, const char *fn, size_t want) {
  memset(a, 0, sizeof *a);
  a->env = env;
  a->fn = fn;
  a->argc = SN_MAX_ARGS;
  void *data = NULL;
  if (napi_get_cb_info(env, info, &a->argc, a->argv, NULL, &data) != napi_ok || napi_get_instance_data(env, (void **)&a->state) != napi_ok || !a->state) {
    sn_fail(a, "SCRATCHNET_VALUE", "the native module is not initialised in this thread");
    return 0;
  }
  if (a->argc != want) {
    sn_fail(a, "SCRATCHNET_VALUE", "expected %zu arguments, got %zu", want, a->argc);
    return 0;
  }
  return 1;
}

static const char *type_name(napi_env env, napi_value v) {
  napi_valuetype t;
  bool is = false;
  if (napi_is_typedarray(env, v, &is) == napi_ok && is) {
    napi_typedarray_type tt;
    size_t len;
    if (napi_get_typedarray_info(env, v, &tt, &len, NULL, NULL, NULL) != napi_ok) return "a typed array";
    switch (tt) {
      case napi_float32_array: return "a Float32Array";
      case napi_float64_array: return "a Float64Array";
      case napi_int32_array: return "an Int32Array";
      case napi_uint8_array: return "a Uint8Array";
      default: return "another typed array";
    }
  }
  if (napi_typeof(env, v, &t) != napi_ok) return "something unknown";
  switch (t) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "a boolean";
    case napi_number: return "a number";
    case napi_string: return "a string";
    case napi_bigint: return "a bigint";
    case napi_object: return "an object";
    case napi_function: return "a function";
    default: return "something else";
  }
}

void sn_huge_pages(void *p, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (bytes < SN_HUGE_BYTES) return;
  uintptr_t start = ((uintptr_t)p + (2u << 20) - 1) & ~(uintptr_t)((2u << 20) - 1);
  uintptr_t end = ((uintptr_t)p + bytes) & ~(uintptr_t)((2u << 20) - 1);
  if (end > start) madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
  (void)p, (void)bytes;
#endif
}

static void *typed(sn_args *a, size_t i, const char *name, napi_typedarray_type want, const char *wantName, int64_t len, int64_t *got) {
  if (a->failed) return NULL;
  bool is = false;
  napi_typedarray_type t;
  size_t n = 0;
  void *data = NULL;
  if (napi_is_typedarray(a->env, a->argv[i], &is) != napi_ok || !is || napi_get_typedarray_info(a->env, a->argv[i], &t, &n, &data, NULL, NULL) != napi_ok || t != want) {
    sn_fail(a, "SCRATCHNET_DTYPE", "%s must be %s, got %s", name, wantName, type_name(a->env, a->argv[i]));
    return NULL;
  }
  if (len >= 0 && (int64_t)n != len) {
    sn_fail(a, "SCRATCHNET_SHAPE", "%s must hold %lld values, got %zu", name, (long long)len, n);
    return NULL;
  }
  if (got) *got = (int64_t)n;
  if (data) sn_huge_pages(data, n * 4);
  /* an empty or detached array may have no memory at all: hand kernels a pointer they never read through */
  static float none[1];
  return data ? data : (void *)none;
}

float *sn_f32(sn_args *a, size_t i, const char *name, int64_t len, int64_t *got) {
  return typed(a, i, name, napi_float32_array, "a Float32Array", len, got);
}

int32_t *sn_i32(sn_args *a, size_t i, const char *name, int64_t len) {
  return typed(a, i, name, napi_int32_array, "an Int32Array", len, NULL);
}

float *sn_f32_or_null(sn_args *a, size_t i, const char *name, int64_t len) {
  napi_valuetype t;
  if (a->failed) return NULL;
  if (napi_typeof(a->env, a->argv[i], &t) == napi_ok && (t == napi_null || t == napi_undefined)) return NULL;
  return sn_f32(a, i, name, len, NULL);
}

double sn_num(sn_args *a, size_t i, const char *name) {
  double v = 0;
  if (a->failed) return 0;
  napi_valuetype t;
  if (napi_typeof(a->env, a->argv[i], &t) != napi_ok || t != napi_number || napi_get_value_double(a->env, a->argv[i], &v) != napi_ok) {
    sn_fail(a, "SCRATCHNET_VALUE", "%s must be a number, got %s", name, type_name(a->env, a->argv[i]));
    return 0;
  }
  return v;
}

int64_t sn_int(sn_args *a, size_t i, const char *name, int64_t min) {
  double v = sn_num(a, i, name);
  if (a->failed) return 0;
  if (!(v == floor(v) && v >= (double)min && v <= SN_MAX_INT)) {
    sn_fail(a, "SCRATCHNET_VALUE", "%s must be a whole number in %lld .. 2^46, got %g", name, (long long)min, v);
    return 0;
  }
  return (int64_t)v;
}

int sn_bool(sn_args *a, size_t i, const char *name) {
  bool v = false;
  if (a->failed) return 0;
  napi_valuetype t;
  if (napi_typeof(a->env, a->argv[i], &t) != napi_ok || t != napi_boolean || napi_get_value_bool(a->env, a->argv[i], &v) != napi_ok) {
    sn_fail(a, "SCRATCHNET_VALUE", "%s must be a boolean, got %s", name, type_name(a->env, a->argv[i]));
    return 0;
  }
  return v;
}

int64_t sn_mul(sn_args *a, int64_t n, int64_t m, const char *what) {
  if (a->failed) return 0;
  if (n != 0 && m > (int64_t)SN_MAX_INT / n) {
    sn_fail(a, "SCRATCHNET_SHAPE", "%s (%lld × %lld) is too large", what, (long long)n, (long long)m);
    return 0;
  }
  return n * m;
}

void sn_disjoint(sn_args *a, const void *p, int64_t pbytes, const char *pname, const void *q, int64_t qbytes, const char *qname) {
  if (a->failed || !p || !q || pbytes == 0 || qbytes == 0) return;
  uintptr_t p0 = (uintptr_t)p, q0 = (uintptr_t)q;
  if (p0 < q0 + (uintptr_t)qbytes && q0 < p0 + (uintptr_t)pbytes) sn_fail(a, "SCRATCHNET_VALUE", "%s must not share memory with %s", pname, qname);
}

int sn_run(sn_env *e, int split, int64_t m, int64_t align, sn_job job, void *ctx) {
  if (!split || !e->pool) return m > 0 ? job(ctx, 0, m, &e->scratch) : 0;
  /* about four chunks a thread: a helper that is late takes fewer, the caller the rest */
  int64_t parts = 4 * (int64_t)sn_pool_threads(e->pool);
  int64_t per = (m + parts - 1) / parts;
  return sn_pool_run(e->pool, job, ctx, m, (per + align - 1) / align * align, &e->scratch);
}
