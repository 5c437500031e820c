/* One CPU target's kernels: scripts/build-native.mjs compiles this file once per target (with
 * -DSN_TARGET_AVX512 and AVX-512 flags, -DSN_TARGET_AVX2 and AVX2 + FMA flags, or for the baseline
 * CPU), each time including the kernel sources below, whose names SN() gives the target's prefix. */
#include "simd.h"
#include "kernels.h"

#include "gemm.c"
#include "transpose.c"

static const sn_kernels table = {
  .name = SN_TARGET_NAME,
  .fused = SN_FUSED,
  .gemm = SN(gemm),
  .transpose_batched = SN(transpose_batched),
};

const sn_kernels *SN(kernels)(void) { return &table; }
