/* Reading and checking a Node-API call's arguments before any kernel touches memory: each reader
 * throws a JavaScript error whose `code` names the kind (SCRATCHNET_DTYPE, SCRATCHNET_SHAPE,
 * SCRATCHNET_VALUE; src/node/native-backend.ts turns them into DTypeError, ShapeError, ValueError)
 * and marks the call failed, so a binding reads all it needs, then returns if `a->failed`. */
#ifndef SN_ARGS_H
#define SN_ARGS_H

#define NAPI_VERSION 8
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>

#include "kernels.h"
#include "pool.h"

#define SN_MAX_ARGS 16
/** The largest size or count a kernel takes (2⁴⁶): products of two stay far inside int64. */
#define SN_MAX_INT ((double)(1LL << 46))

typedef struct sn_env {
  const sn_kernels *kernels;
  /** The pool in use (NULL: one thread), one of `pools`, which keeps a pool per thread count asked for. */
  sn_pool *pool;
  sn_pool *pools[65];
  /** The calling thread's scratch (the pool's helpers have their own). */
  sn_scratch scratch;
  /** A product's rows before transposeBlocks moves them into the result. */
  sn_scratch staging;
  /** B packed once for the threads of a split product. */
  sn_scratch packed;
  /** Products of at least this many multiply-adds are split across the pool's threads. */
  double thread_min_macs;
  /** Products whose A is at most this share nonzero skip its zeros (−1: never). */
  double sparse_max_density;
} sn_env;

typedef struct sn_args {
  napi_env env;
  const char *fn;
  size_t argc;
  napi_value argv[SN_MAX_ARGS];
  sn_env *state;
  int failed;
} sn_args;

/** Reads the call's arguments; fails unless exactly `want` were given. */
int sn_args_init(sn_args *a, napi_env env, napi_callback_info info, const char *fn, size_t want);
/** Throws (once per call) an error with `code` and a printf-style message prefixed by the function's name. */
void sn_fail(sn_args *a, const char *code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/** A Float32Array of exactly `len` values (any length when len < 0; its length then in *got). */
float *sn_f32(sn_args *a, size_t i, const char *name, int64_t len, int64_t *got);
/** The same, or NULL without failing when the argument is null or undefined. */
float *sn_f32_or_null(sn_args *a, size_t i, const char *name, int64_t len);
int32_t *sn_i32(sn_args *a, size_t i, const char *name, int64_t len);
/** A whole number in [min, SN_MAX_INT]. */
int64_t sn_int(sn_args *a, size_t i, const char *name, int64_t min);
double sn_num(sn_args *a, size_t i, const char *name);
int sn_bool(sn_args *a, size_t i, const char *name);
/** n·m, failing (as a SHAPE error naming `what`) when it would pass SN_MAX_INT. */
int64_t sn_mul(sn_args *a, int64_t n, int64_t m, const char *what);
/** Fails when [p, p + n) and [q, q + m) (floats) share memory: a result must not overwrite an operand it is still reading. */
void sn_disjoint(sn_args *a, const void *p, int64_t pbytes, const char *pname, const void *q, int64_t qbytes, const char *qname);

napi_value sn_undefined(napi_env env);

/**
 * Arrays from this size on are mapped by glibc on their own (over its largest mmap threshold, 32 MB), and
 * each of their 4 KB pages is faulted in and zeroed on first touch: in a virtual machine a 45 MB im2col
 * result took 180 ms that way against 3 ms for the product that filled it. sn_huge_pages asks the kernel
 * for 2 MB pages (madvise MADV_HUGEPAGE, which transparent huge pages in 'madvise' mode honour) over the
 * whole 2 MB-aligned part of such an array before a kernel touches it; a hint, never an error.
 */
#define SN_HUGE_BYTES ((size_t)32 << 20)
void sn_huge_pages(void *p, size_t bytes);

/** Runs job(ctx, r0, r1, scratch) over [0, m), across the pool when `split` (in chunks whose bounds are multiples of `align`). Returns 0 or -1 (out of memory). */
int sn_run(sn_env *e, int split, int64_t m, int64_t align, sn_job job, void *ctx);

#endif
