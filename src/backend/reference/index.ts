import type { Kernels } from '../kernels.js';
import { axpy, binary, binaryScalar, transposeBatched, unary } from './elementwise.js';
import { col2im, im2col, maxPool, maxPoolBackward } from './im2col.js';
import { matmul } from './matmul.js';
import { adamStep, momentumStep, nesterovStep, rmspropStep } from './optimizers.js';
import { argmax, reduce } from './reduce.js';
import { logSoftmax } from './softmax.js';

/** The readable TypeScript kernels: the reference every faster backend is tested against, and the float64 path. */
export const referenceKernels: Kernels = {
  name: 'typescript',
  matmul,
  binary,
  binaryScalar,
  unary,
  reduce,
  argmax,
  axpy,
  transposeBatched,
  im2col,
  col2im,
  maxPool,
  maxPoolBackward,
  logSoftmax,
  momentumStep,
  nesterovStep,
  rmspropStep,
  adamStep,
};
