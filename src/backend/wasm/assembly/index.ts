// AssemblyScript entry: the kernels the WebAssembly backend exports.
export { heapBase, packB, transpose, gemmRows } from './matmul';
