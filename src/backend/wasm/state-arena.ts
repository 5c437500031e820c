import type { FloatArray, StateBuffer } from '../kernels.js';
import { checkWrite } from '../reference/state.js';

/**
 * Optimizer state kept in WebAssembly memory between steps (Kernels.newState). Adam's step on W3's
 * first layer copied p, g, m and v in and p, m and v out (2.2 MB a step, 283 µs); with m and v resident it
 * copies p and g in and p out. The state lives in an arena between the module's static data and the
 * staging area (which starts where the arena ends, so kernels never overwrite it); a block goes back to
 * the arena when its StateBuffer is garbage collected (FinalizationRegistry), so nobody frees anything
 * by hand.
 */
export class StateArena {
  private top: number;
  /** Free blocks [byte offset, bytes], in address order, never adjacent (merged when freed). */
  private readonly free: [number, number][] = [];
  private readonly registry = new FinalizationRegistry<readonly [number, number]>(([at, bytes]) => this.release(at, bytes));

  /** An empty arena from byte `start` (16-byte aligned) of `memory`. */
  constructor(
    private readonly memory: WebAssembly.Memory,
    start: number,
  ) {
    this.top = start;
  }

  /** Where the arena ends: the staging area starts here. */
  get end(): number {
    return this.top;
  }

  /** The free blocks below the top, as [byte offset, bytes] (for tests). */
  get freeBlocks(): readonly (readonly [number, number])[] {
    return this.free;
  }

  /** n zeros in the arena, as a StateBuffer; its block returns to the arena when it is collected. */
  allocate(n: number): WasmState {
    const bytes = Math.max(16, (n * 4 + 15) & ~15);
    let at: number;
    const i = this.free.findIndex(([, size]) => size >= bytes);
    if (i >= 0) {
      const [offset, size] = this.free[i]!;
      at = offset;
      if (size === bytes) this.free.splice(i, 1);
      else this.free[i] = [offset + bytes, size - bytes];
    } else {
      at = this.top;
      this.top += bytes;
      const need = this.top - this.memory.buffer.byteLength;
      if (need > 0) this.memory.grow(Math.ceil(need / 65536));
    }
    const state = new WasmState(this, at, n);
    this.view(state).fill(0);
    this.registry.register(state, [at, bytes]);
    return state;
  }

  /** A view of the state's values in WebAssembly memory, valid until the memory grows. */
  view(state: WasmState): Float32Array {
    return new Float32Array(this.memory.buffer, state.offset, state.length);
  }

  /** Returns a block to the arena, merging it with free neighbours; a free block at the top shrinks the arena. */
  release(at: number, bytes: number): void {
    let i = this.free.findIndex(([offset]) => offset > at);
    if (i < 0) i = this.free.length;
    this.free.splice(i, 0, [at, bytes]);
    const next = this.free[i + 1];
    if (next && at + bytes === next[0]) this.free.splice(i, 2, [at, bytes + next[1]]);
    const prev = this.free[i - 1];
    if (prev && prev[0] + prev[1] === at) this.free.splice(i - 1, 2, [prev[0], prev[1] + this.free[i]![1]]);
    const last = this.free[this.free.length - 1];
    if (last && last[0] + last[1] === this.top) {
      this.top = last[0];
      this.free.pop();
    }
  }
}

/** One parameter's optimizer state in a StateArena: `length` floats at byte `offset` of its memory. */
export class WasmState implements StateBuffer {
  readonly dtype = 'float32';

  constructor(
    readonly arena: StateArena,
    readonly offset: number,
    readonly length: number,
  ) {}

  read(): Float32Array {
    return this.arena.view(this).slice();
  }

  write(values: FloatArray): void {
    checkWrite(this, values);
    this.arena.view(this).set(values);
  }
}
