import { ValueError } from '../errors/index.js';
import type { Kernels } from './kernels.js';
import { referenceKernels } from './reference/index.js';

export type { BinaryOp, ConvGeometry, FloatArray, Kernels, ReduceOp, StateArray, StateBuffer, UnaryOp } from './kernels.js';
export { referenceKernels } from './reference/index.js';

/** The backends `setBackend` and `SCRATCHNET_BACKEND` know by name (`'typescript'` is another name for `'reference'`). */
export type BackendName = 'native' | 'wasm' | 'reference';
export const BACKEND_NAMES: readonly string[] = ['native', 'wasm', 'reference', 'typescript'];

let float32Kernels: Kernels = referenceKernels;
/** How this platform makes a named backend (node/backend-setup.ts, web-setup.ts register it). */
let makeNamed: ((name: BackendName) => Kernels) | null = null;
/** Installs the platform's default backend; run once, at the first kernel call, so that importing starts nothing. */
let pendingDefault: (() => void) | null = null;

/** Runs the platform's deferred default installation, if it is still pending. */
function settle(): void {
  const install = pendingDefault;
  if (install === null) return;
  pendingDefault = null;
  install();
}

/**
 * The kernels for a dtype. float64 always runs on the reference kernels;
 * float32 runs on whatever {@link setBackend} installed (the platform's default, chosen at the first call).
 */
export function kernelsFor(dtype: 'float32' | 'float64'): Kernels {
  if (dtype === 'float64') return referenceKernels;
  if (pendingDefault !== null) settle();
  return float32Kernels;
}

/**
 * Registers how this platform installs a named backend (with its current threads, remembering the choice;
 * it throws a ValueError for one it cannot make) and how it installs its default, which runs at the
 * first kernel call unless a backend is chosen before.
 */
export function registerNamedBackends(make: (name: BackendName) => Kernels, installDefault?: () => void): void {
  makeNamed = make;
  pendingDefault = installDefault ?? null;
}

/** Drops the deferred default: a backend chosen explicitly stands. */
export function cancelDefault(): void {
  pendingDefault = null;
}

/**
 * Install the kernels used for float32 tensors, given as kernels or by name: `'native'` (C, Node only),
 * `'wasm'` (WebAssembly) or `'reference'` (TypeScript); returns the previous ones. A name this runtime
 * cannot run (native kernels that were not built, say) is a ValueError saying why.
 *
 * @example
 * ```ts
 * import { setBackend, referenceKernels } from 'scratchnet';
 * setBackend('wasm');
 * const previous = setBackend(referenceKernels);
 * ```
 */
export function setBackend(kernels: Kernels | BackendName | 'typescript'): Kernels {
  if (pendingDefault !== null) settle(); // so that `previous` is the default it replaces
  const previous = float32Kernels;
  if (typeof kernels !== 'string') {
    float32Kernels = kernels;
    return previous;
  }
  if ((kernels === 'reference' || kernels === 'typescript') && makeNamed === null) {
    float32Kernels = referenceKernels;
  } else if (kernels === 'reference' || kernels === 'typescript') {
    float32Kernels = makeNamed!('reference');
  } else if (kernels === 'native' || kernels === 'wasm') {
    if (makeNamed === null) throw new ValueError(`setBackend: the '${kernels}' backend is not set up in this runtime; pass kernels (e.g. loadWasmKernels()) instead`);
    float32Kernels = makeNamed(kernels);
  } else {
    throw new ValueError(`setBackend: unknown backend ${JSON.stringify(kernels)}; expected 'native', 'wasm', 'reference' (or 'typescript'), or a Kernels object`);
  }
  return previous;
}

/** The kernels used for float32 tensors (installing the platform's default first if nothing ran yet). */
export function getBackend(): Kernels {
  if (pendingDefault !== null) settle();
  return float32Kernels;
}
