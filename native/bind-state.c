#define _POSIX_C_SOURCE 200809L
/* Optimizer state in native memory: newState(n) hands JavaScript a Float32Array over 64-byte aligned
 * memory of the module's own (an external ArrayBuffer), zeroed; it is freed when the array is garbage
 * collected (the buffer's finalizer). The step kernels take it like any Float32Array, in place. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "bindings.h"

static atomic_llong live_bytes, live_blocks;

long long sn_state_bytes(void) { return atomic_load(&live_bytes); }
long long sn_state_blocks(void) { return atomic_load(&live_blocks); }

static void free_state(napi_env env, void *data, void *hint) {
  (void)env;
  atomic_fetch_sub(&live_bytes, (long long)(uintptr_t)hint);
  atomic_fetch_sub(&live_blocks, 1);
  free(data);
}

/** newState(n) → a Float32Array of n zeros in native memory */
static napi_value new_state(napi_env env, napi_callback_info cb) {
  sn_args a;
  if (!sn_args_init(&a, env, cb, "newState", 1)) return NULL;
  int64_t n = sn_int(&a, 0, "n", 0);
  if (!a.failed && n > (int64_t)1 << 31) sn_fail(&a, "SCRATCHNET_VALUE", "n must be at most 2^31 values, got %lld", (long long)n);
  if (a.failed) return NULL;
  size_t bytes = (size_t)n * sizeof(float);
  void *p = NULL;
  if (posix_memalign(&p, 64, bytes > 0 ? bytes : 64) != 0) {
    sn_fail(&a, "SCRATCHNET_VALUE", "out of memory for %lld values of optimizer state", (long long)n);
    return NULL;
  }
  memset(p, 0, bytes);
  napi_value buffer, array;
  if (napi_create_external_arraybuffer(env, p, bytes, free_state, (void *)(uintptr_t)bytes, &buffer) != napi_ok) {
    /* a runtime that allows no external buffers: memory of its own, copied from nothing */
    free(p);
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (pending) {
      napi_value ignored;
      napi_get_and_clear_last_exception(env, &ignored);
    }
    if (napi_create_arraybuffer(env, bytes, NULL, &buffer) != napi_ok) {
      sn_fail(&a, "SCRATCHNET_VALUE", "could not make %lld values of optimizer state", (long long)n);
      return NULL;
    }
  } else {
    atomic_fetch_add(&live_bytes, (long long)bytes);
    atomic_fetch_add(&live_blocks, 1);
  }
  napi_create_typedarray(env, napi_float32_array, (size_t)n, buffer, 0, &array);
  return array;
}

void sn_define_state(napi_env env, napi_value exports) { sn_export(env, exports, "newState", new_state); }
