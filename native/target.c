/* One CPU target's kernels: scripts/build-native.mjs compiles this file once per target (with
 * -DSN_TARGET_AVX512 and AVX-512 flags, -DSN_TARGET_AVX2 and AVX2 + FMA flags, or for the baseline
 * CPU), each time including the kernel sources below, whose names SN() gives the target's prefix. */
#include "simd.h"
#include "kernels.h"

#include "wasm-math.c"
#include "gemm.c"
#include "transpose.c"
#include "gemm-sparse.c"
#include "elementwise.c"
#include "conv.c"
#include "optimizers.c"

static const sn_kernels table = {
  .name = SN_TARGET_NAME,
  .fused = SN_FUSED,
  .init = SN(init),
  .gemm = SN(gemm),
  .packed_floats = SN(packed_floats),
  .pack = SN(pack),
  .gemm_sparse = SN(gemm_sparse),
  .density = SN(density),
  .stage_sparse_b = SN(stage_sparse_b),
  .vw = VW,
  .transpose_batched = SN(transpose_batched),
  .binary_rows = SN(binary_rows),
  .unary = SN(unary),
  .reduce_sum = SN(reduce_sum),
  .reduce_max = SN(reduce_max),
  .argmax = SN(argmax),
  .axpy = SN(axpy),
  .all_finite = SN(all_finite),
  .log_softmax = SN(log_softmax),
  .im2col = SN(im2col),
  .col2im = SN(col2im),
  .max_pool = SN(max_pool),
  .max_pool_backward = SN(max_pool_backward),
  .momentum_step = SN(momentum_step),
  .rmsprop_step = SN(rmsprop_step),
  .adam_step = SN(adam_step),
};

const sn_kernels *SN(kernels)(void) { return &table; }
