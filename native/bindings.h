#ifndef SN_BINDINGS_H
#define SN_BINDINGS_H

#include "args.h"

/** Adds `name: fn` to exports. */
void sn_export(napi_env env, napi_value exports, const char *name, napi_callback fn);

void sn_define_products(napi_env env, napi_value exports);
void sn_define_elementwise(napi_env env, napi_value exports);
void sn_define_conv(napi_env env, napi_value exports);
void sn_define_state(napi_env env, napi_value exports);
void sn_define_lstm(napi_env env, napi_value exports);
/** Bytes and blocks of optimizer state alive in native memory (bind-state.c). */
long long sn_state_bytes(void);
long long sn_state_blocks(void);

static inline void sn_define_bindings(napi_env env, napi_value exports) {
  sn_define_products(env, exports);
  sn_define_elementwise(env, exports);
  sn_define_conv(env, exports);
  sn_define_state(env, exports);
  sn_define_lstm(env, exports);
}

#endif
