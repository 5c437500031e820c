import type { Kernels } from '../backend/kernels.js';
import { referenceKernels as ref } from '../backend/reference/index.js';
import { call, f32 } from './native-call.js';
import type { NativeAddon } from './native-loader.js';

/**
 * The fused LSTM step on the native module (native/lstm.c), on the caller's arrays in place: float32
 * arrays only (float64 runs on the reference), and the reference where the module predates the kernel.
 * Agrees with the reference to float32 rounding, for any thread count.
 */
export function createNativeLstm(addon: NativeAddon, select: () => void): Pick<Kernels, 'lstmForward' | 'lstmBackward'> {
  const { lstmForward, lstmBackward } = addon;
  return {
    lstmForward(A, cPrev, gates, c, tanhC, h, n, H) {
      if (!lstmForward || !(f32(A) && f32(cPrev) && f32(gates) && f32(c) && f32(tanhC) && f32(h))) return ref.lstmForward(A, cPrev, gates, c, tanhC, h, n, H);
      select();
      call(() => lstmForward.call(addon, A, cPrev, gates, c, tanhC, h, n, H));
    },
    lstmBackward(gates, cPrev, tanhC, dh, dc, dA, dcPrev, n, H) {
      if (!lstmBackward || !(f32(gates) && f32(cPrev) && f32(tanhC) && f32(dh) && f32(dc) && f32(dA) && f32(dcPrev))) return ref.lstmBackward(gates, cPrev, tanhC, dh, dc, dA, dcPrev, n, H);
      select();
      call(() => lstmBackward.call(addon, gates, cPrev, tanhC, dh, dc, dA, dcPrev, n, H));
    },
  };
}
