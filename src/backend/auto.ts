import { referenceKernels } from './reference/index.js';
import { cancelDefault, getBackend, registerNamedBackends, setBackend, type BackendName } from './index.js';
import type { Kernels } from './kernels.js';
import { ValueError } from '../errors/index.js';
import { loadWasmKernels, type WasmLoadOptions } from './wasm/index.js';
import type { RowPool } from './wasm/row-pool.js';

let noticeShown = false;

/**
 * Installs the fastest float32 kernels this runtime supports (WebAssembly
 * relaxed SIMD, then SIMD) and returns their name. Without SIMD support it
 * keeps the TypeScript kernels and prints a one-time notice, never an error.
 * `prefer: 'typescript'` forces the reference kernels.
 *
 * @example
 * ```ts
 * import { useFastestBackend } from 'scratchnet';
 * console.log(useFastestBackend()); // 'wasm-relaxed-simd', 'wasm-simd' or 'typescript'
 * ```
 */
export function useFastestBackend(prefer: 'fastest' | 'typescript' = 'fastest', options: WasmLoadOptions = {}): string {
  if (prefer === 'typescript') {
    setBackend(referenceKernels);
    return referenceKernels.name;
  }
  const fast = loadWasmKernels(options);
  if (fast === null) {
    if (!noticeShown) {
      noticeShown = true;
      console.warn('scratchnet: this runtime has no WebAssembly SIMD; using the (slower) TypeScript kernels');
    }
    setBackend(referenceKernels);
    return referenceKernels.name;
  }
  setBackend(fast);
  return fast.name;
}

/** The WebAssembly kernels of a platform: installs them with `threads` threads (closing the pools it made before) and closes its pools. */
function wasmInstaller(makePool: NonNullable<WasmLoadOptions['makePool']>, allowed: () => boolean): { install(threads: number): string; close(): void } {
  const pools: RowPool[] = [];
  const close = (): void => {
    for (const pool of pools.splice(0)) pool.close();
  };
  return {
    close,
    install(threads) {
      close();
      const tracked: typeof makePool = (...args) => {
        const pool = makePool(...args);
        pools.push(pool);
        return pool;
      };
      return useFastestBackend('fastest', { threads: allowed() ? threads : 1, makePool: tracked });
    },
  };
}

export interface PlatformBackends {
  /** Starts the helper threads of the WebAssembly kernels (Node: worker_threads; browsers: Web Workers). */
  readonly makePool: NonNullable<WasmLoadOptions['makePool']>;
  /** Whether more than one thread can work here now. */
  readonly allowed: () => boolean;
  /** The backend chosen before any call (Node: SCRATCHNET_BACKEND); 'default' is native where it runs, else WebAssembly. Asked once, at the first kernel call. */
  readonly initial: () => BackendName | 'default';
  /** The threads to start with (Node: SCRATCHNET_THREADS or the cores), asked when a backend is first installed. */
  readonly defaultThreads: () => number;
  /** Node: the native kernels with `threads` threads, or why they cannot run here. */
  readonly native?: (threads: number) => Kernels | string;
  /** Stops the native kernels' threads when another backend takes over. */
  readonly releaseNative?: () => void;
  /** Called once when the initial choice cannot run and the default takes its place. */
  readonly warn?: (message: string) => void;
}

/**
 * Sets a platform's backends up without starting anything: registers the names `setBackend` takes and
 * the default installation, which runs at the first kernel call, and returns its `setThreads`, which
 * validates the count and (re)installs the chosen backend with that many threads.
 */
export function platformSetup(p: PlatformBackends): (threads: number) => string {
  const wasm = wasmInstaller(p.makePool, p.allowed);
  let fromStart: BackendName | 'default' | null = null;
  const initial = (): BackendName | 'default' => (fromStart ??= p.initial());
  let choice: BackendName | 'default' | null = null;
  let threads: number | null = null;
  const install = (name: BackendName | 'default'): string => {
    cancelDefault();
    threads ??= p.defaultThreads();
    if (name === 'native' || name === 'default') {
      const made = p.native ? p.native(threads) : 'the native kernels run only in Node; browsers use WebAssembly';
      if (typeof made !== 'string') {
        wasm.close();
        setBackend(made);
        return made.name;
      }
      if (name === 'native') throw new ValueError(`setBackend('native'): the native kernels cannot run here: ${made}`);
    }
    p.releaseNative?.();
    if (name === 'reference') {
      wasm.close();
      return useFastestBackend('typescript');
    }
    return wasm.install(threads);
  };
  const setThreads = (n: number | null): string => {
    if (n !== null && !(Number.isSafeInteger(n) && n >= 1 && n <= 64)) throw new ValueError(`setThreads: threads must be an integer in 1 .. 64, got ${n}`);
    if (n !== null) threads = n;
    choice ??= initial();
    try {
      return install(choice);
    } catch (e) {
      if (!(e instanceof ValueError) || choice !== initial()) throw e;
      p.warn?.(`scratchnet: ${e.message}; using ${p.native ? 'the default backend' : 'WebAssembly'}`);
      choice = 'default';
      return install(choice);
    }
  };
  registerNamedBackends(
    (name) => {
      install(name);
      choice = name;
      return getBackend();
    },
    () => void setThreads(null),
  );
  return setThreads;
}
