/* Which kernel tables were compiled in (SN_HAVE_AVX512, SN_HAVE_AVX2, set by scripts/build-native.mjs)
 * and which of them this CPU and operating system can run. */
#include <pthread.h>
#include <string.h>

#include "cpu.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* each target's init is compiled for its instructions: run only those this CPU has */
static void init_tables(void) {
#ifdef SN_HAVE_AVX512
  if (sn_cpu_runs("avx512")) sn_avx512_kernels()->init();
#endif
#ifdef SN_HAVE_AVX2
  if (sn_cpu_runs("avx2")) sn_avx2_kernels()->init();
#endif
  sn_c_kernels()->init();
}

int sn_cpu_runs(const char *isa) {
  if (strcmp(isa, "portable") == 0) return 1;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  __builtin_cpu_init();
  if (strcmp(isa, "avx2") == 0) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (strcmp(isa, "avx512") == 0)
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  return 0;
}

const sn_kernels *sn_compiled(const char *isa) {
  pthread_once(&once, init_tables);
#ifdef SN_HAVE_AVX512
  if (strcmp(isa, "avx512") == 0) return sn_avx512_kernels();
#endif
#ifdef SN_HAVE_AVX2
  if (strcmp(isa, "avx2") == 0) return sn_avx2_kernels();
#endif
  if (strcmp(isa, "portable") == 0) return sn_c_kernels();
  return NULL;
}

const char *const SN_ISAS[] = {"avx512", "avx2", "portable", NULL};

const sn_kernels *sn_best(void) {
  for (int i = 0; SN_ISAS[i]; i++)
    if (sn_compiled(SN_ISAS[i]) && sn_cpu_runs(SN_ISAS[i])) return sn_compiled(SN_ISAS[i]);
  return sn_c_kernels();
}
