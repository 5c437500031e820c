// AssemblyScript entry: the kernels the WebAssembly backend exports.
export { heapBase, packB, transpose, gemmRows } from './matmul';
export { im2col, col2im, maxPool, maxPoolBackward } from './im2col';
export { transposeBatched } from './transpose';
export { binaryRows, unary, reduceSum, reduceMax, axpy, logSoftmax, allFinite } from './elementwise';
export { momentumStep, rmspropStep, adamStep } from './optimizers';
export { gemmTN } from './gemm-tn';
export { countNonzero, gemmSparse, sparseScratchBytes } from './gemm-sparse';
