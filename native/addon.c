/* scratchnet's native kernels as a Node-API (version 8) module: one instance per JavaScript thread
 * that loads it (instance data), each with its kernel table, thread pool and scratch. The bindings
 * (bind-*.c) check every argument first (args.c) and then run a kernel on the arrays' own memory. */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "args.h"
#include "bindings.h"
#include "cpu.h"

/** Bumped whenever the bindings change, so that a module built from other sources is refused, not misused. */
#define SN_ABI 1

/** Whether tune_malloc (below) changed glibc's thresholds. */
static int malloc_tuned = 0;

static void free_env(napi_env env, void *data, void *hint) {
  (void)env, (void)hint;
  sn_env *e = data;
  for (int i = 0; i <= 64; i++) sn_pool_destroy(e->pools[i]);
  free(e->scratch.data);
  free(e->staging.data);
  free(e->packed.data);
  free(e);
}

static napi_value str(napi_env env, const char *s) {
  napi_value v;
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

static napi_value num(napi_env env, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  return v;
}

static napi_value isa_list(napi_env env, int (*keep)(const char *)) {
  napi_value list;
  napi_create_array(env, &list);
  uint32_t n = 0;
  for (int i = 0; SN_ISAS[i]; i++)
    if (keep(SN_ISAS[i])) napi_set_element(env, list, n++, str(env, SN_ISAS[i]));
  return list;
}

static int is_compiled(const char *isa) { return sn_compiled(isa) != NULL; }

/** info(): { abi, compiled: [...], runs: [...], isa, fused, threads, threadMinMacs, sparseMaxDensity, stateBytes, stateBlocks, mallocTuned } */
static napi_value info(napi_env env, napi_callback_info cb) {
  sn_args a;
  if (!sn_args_init(&a, env, cb, "info", 0)) return NULL;
  sn_env *e = a.state;
  napi_value o;
  napi_create_object(env, &o);
  napi_set_named_property(env, o, "abi", num(env, SN_ABI));
  napi_set_named_property(env, o, "compiled", isa_list(env, is_compiled));
  napi_set_named_property(env, o, "runs", isa_list(env, sn_cpu_runs));
  napi_set_named_property(env, o, "isa", str(env, e->kernels->name));
  napi_set_named_property(env, o, "fused", num(env, e->kernels->fused));
  napi_set_named_property(env, o, "threads", num(env, sn_pool_threads(e->pool)));
  napi_set_named_property(env, o, "threadMinMacs", num(env, e->thread_min_macs));
  napi_set_named_property(env, o, "sparseMaxDensity", num(env, e->sparse_max_density));
  napi_set_named_property(env, o, "stateBytes", num(env, (double)sn_state_bytes()));
  napi_set_named_property(env, o, "stateBlocks", num(env, (double)sn_state_blocks()));
  napi_value tuned;
  napi_get_boolean(env, malloc_tuned, &tuned);
  napi_set_named_property(env, o, "mallocTuned", tuned);
  return o;
}

/** configure(isa, threads, threadMinMacs, sparseMaxDensity): isa a compiled name this CPU runs, or null for the fastest. */
static napi_value configure(napi_env env, napi_callback_info cb) {
  sn_args a;
  if (!sn_args_init(&a, env, cb, "configure", 4)) return NULL;
  sn_env *e = a.state;
  const sn_kernels *k = sn_best();
  napi_valuetype t;
  napi_typeof(env, a.argv[0], &t);
  if (t != napi_null) {
    char name[16] = {0};
    size_t len = 0;
    if (t != napi_string || napi_get_value_string_utf8(env, a.argv[0], name, sizeof name, &len) != napi_ok) {
      sn_fail(&a, "SCRATCHNET_VALUE", "isa must be a string or null");
      return NULL;
    }
    k = sn_compiled(name);
    if (!k) {
      sn_fail(&a, "SCRATCHNET_VALUE", "the instruction set '%s' was not compiled into this module (compiled: avx512 %s, avx2 %s, portable yes)", name, sn_compiled("avx512") ? "yes" : "no", sn_compiled("avx2") ? "yes" : "no");
      return NULL;
    }
    if (!sn_cpu_runs(name)) {
      sn_fail(&a, "SCRATCHNET_VALUE", "this CPU cannot run the '%s' kernels", name);
      return NULL;
    }
  }
  int64_t threads = sn_int(&a, 1, "threads", 1);
  if (!a.failed && threads > 64) sn_fail(&a, "SCRATCHNET_VALUE", "threads must be at most 64, got %lld", (long long)threads);
  double min_macs = sn_num(&a, 2, "threadMinMacs");
  if (!a.failed && !(min_macs >= 0)) sn_fail(&a, "SCRATCHNET_VALUE", "threadMinMacs must be a number of multiply-adds >= 0 (Infinity: never split), got %g", min_macs);
  double density = sn_num(&a, 3, "sparseMaxDensity");
  if (!a.failed && !(density >= -1 && density <= 1)) sn_fail(&a, "SCRATCHNET_VALUE", "sparseMaxDensity must be in -1 .. 1, got %g", density);
  if (a.failed) return NULL;
  if (threads > 1 && !e->pools[threads] && !(e->pools[threads] = sn_pool_create((int)threads))) {
    sn_fail(&a, "SCRATCHNET_VALUE", "could not start %lld threads", (long long)threads);
    return NULL;
  }
  e->pool = threads > 1 ? e->pools[threads] : NULL;
  e->kernels = k;
  e->thread_min_macs = min_macs;
  e->sparse_max_density = density;
  return sn_undefined(env);
}

/** release(): stops every helper thread (another backend takes over; configure starts them again). */
static napi_value release(napi_env env, napi_callback_info cb) {
  sn_args a;
  if (!sn_args_init(&a, env, cb, "release", 0)) return NULL;
  for (int i = 0; i <= 64; i++) {
    sn_pool_destroy(a.state->pools[i]);
    a.state->pools[i] = NULL;
  }
  a.state->pool = NULL;
  return sn_undefined(env);
}

/*
 * Tensors are large, short-lived arrays that V8 frees only when it collects them. With glibc's defaults
 * each one of more than 128 KB (or, after the threshold adapts, the memory over its trim threshold) comes
 * fresh from the kernel and is zeroed page by page on first touch: in a virtual machine that took three
 * quarters of a SimpleConvNet training step (113 -> 35 ms with the setting below). Allocations up to
 * 32 MB then come from the heap and freed memory stays for the next tensor, as it does for numpy, whose
 * arrays die at once. Not done when the user set glibc's malloc variables, or SCRATCHNET_MALLOC_TUNING=0.
 */
static void tune_malloc(void) {
#ifdef __GLIBC__
  const char *off = getenv("SCRATCHNET_MALLOC_TUNING");
  if ((off && strcmp(off, "0") == 0) || getenv("MALLOC_MMAP_THRESHOLD_") || getenv("MALLOC_TRIM_THRESHOLD_") || getenv("GLIBC_TUNABLES")) return;
  malloc_tuned = mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024) == 1 && mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024) == 1;
#endif
}

NAPI_MODULE_INIT() {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, tune_malloc);
  sn_env *e = calloc(1, sizeof *e);
  if (!e) return NULL;
  e->kernels = sn_best();
  e->thread_min_macs = INFINITY;
  e->sparse_max_density = -1;
  if (napi_set_instance_data(env, e, free_env, NULL) != napi_ok) {
    free(e);
    return NULL;
  }
  napi_property_descriptor props[] = {
    {"abi", NULL, NULL, NULL, NULL, NULL, napi_enumerable, NULL},
    {"info", NULL, info, NULL, NULL, NULL, napi_enumerable, NULL},
    {"configure", NULL, configure, NULL, NULL, NULL, napi_enumerable, NULL},
    {"release", NULL, release, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  props[0].value = num(env, SN_ABI);
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  sn_define_bindings(env, exports);
  return exports;
}
