// AssemblyScript entry: the kernels the WebAssembly backend exports.
export { heapBase, packB, transpose, gemmRows } from './matmul';
export { im2col, col2im, transposeBatched } from './im2col';
