import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { Adam, AdaGrad, Momentum, Nesterov, RMSprop, Rng, ShapeError, Tensor, ValueError, getBackend, loadWasmKernels, referenceKernels, setBackend } from '../../src/index.js';
import type { Kernels, StateArray } from '../../src/index.js';
import { StateArena } from '../../src/backend/wasm/state-arena.js';

// Optimizer state made by a backend's newState: the WebAssembly backend keeps it in its own memory
// (src/backend/wasm/state-arena.ts), so a step copies only the parameter and its gradient.

const wasm = loadWasmKernels()!;
const rng = new Rng(41);
const values = (n: number) => Float32Array.from({ length: n }, () => rng.normal());

type Step = (k: Kernels, p: Float32Array, g: Float32Array, s: StateArray[]) => void;
const STEPS: [string, number, Step][] = [
  ['momentum', 1, (k, p, g, [v]) => k.momentumStep(p, g, v!, 0.01, 0.9)],
  ['nesterov', 1, (k, p, g, [v]) => k.nesterovStep(p, g, v!, 0.01, 0.9)],
  ['rmsprop', 1, (k, p, g, [h]) => k.rmspropStep(p, g, h!, 0.01, 0.99, 0.01, 1e-7)],
  ['adam', 2, (k, p, g, [m, v]) => k.adamStep(p, g, m!, v!, 0.001, 0.9, 0.999, 1e-7)],
];

/** Entry by entry with Object.is. */
function sameBits(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < got.length; i++) if (!Object.is(got[i], want[i])) assert.fail(`${what}: entry ${i} is ${got[i]}, expected ${want[i]}`);
}

describe('optimizer state (Kernels.newState)', () => {
  it('starts as zeros of the length and dtype asked for, in both backends; read gives a copy', () => {
    for (const k of [wasm, referenceKernels])
      for (const dtype of ['float32', 'float64'] as const) {
        const s = k.newState(dtype, 300);
        assert.equal(s.length, 300);
        assert.equal(s.dtype, dtype);
        const r = s.read();
        sameBits(r, new Float64Array(300), `${k.name} ${dtype}`);
        r[0] = 5;
        assert.equal(s.read()[0], 0, 'changing what read gave does not change the state');
      }
  });

  it('write replaces the values, and refuses a wrong length or a non-array naming what it got', () => {
    for (const k of [wasm, referenceKernels]) {
      const s = k.newState('float32', 10);
      const v = values(10);
      s.write(v);
      sameBits(s.read(), v, k.name);
      assert.throws(() => s.write(values(9)), (e: unknown) => e instanceof ValueError && /10 values, got 9 values/.test(e.message));
      assert.throws(() => s.write([1, 2] as unknown as Float32Array), (e: unknown) => e instanceof ValueError && /got object/.test(e.message));
    }
  });

  it('the WebAssembly steps give the same bits with resident state as with plain arrays, long and short, over three steps', () => {
    for (const n of [1, 255, 256, 1003, 100_000])
      for (const [name, count, step] of STEPS) {
        const p0 = values(n);
        const grads = [values(n), values(n), values(n)];
        const [pa, pr] = [p0.slice(), p0.slice()];
        const arrays = Array.from({ length: count }, () => new Float32Array(n));
        const resident = Array.from({ length: count }, () => wasm.newState('float32', n));
        for (const g of grads) {
          step(wasm, pa, g, arrays);
          step(wasm, pr, g, resident);
        }
        sameBits(pr, pa, `${name} n=${n}: parameter`);
        resident.forEach((s, i) => sameBits(s.read(), arrays[i]!, `${name} n=${n}: state ${i}`));
      }
  });

  it("each backend's steps take the other's state (read in, written back) with the same results as its own", () => {
    for (const [name, count, step] of STEPS)
      for (const [k, other] of [
        [wasm, referenceKernels],
        [referenceKernels, wasm],
      ] as const) {
        const n = 500;
        const p0 = values(n);
        const g = values(n);
        const [pOwn, pForeign] = [p0.slice(), p0.slice()];
        const own = Array.from({ length: count }, () => k.newState('float32', n));
        const foreign = Array.from({ length: count }, () => other.newState('float32', n));
        for (let i = 0; i < 2; i++) {
          step(k, pOwn, g, own);
          step(k, pForeign, g, foreign);
        }
        sameBits(pForeign, pOwn, `${name} on ${k.name} with ${other.name}'s state`);
        foreign.forEach((s, i) => sameBits(s.read(), own[i]!.read(), `${name}: state ${i}`));
      }
  });

  it('resident state keeps its values while kernels run and memory grows around it', () => {
    const s = wasm.newState('float32', 1000);
    const v = values(1000);
    s.write(v);
    // a product large enough to grow the staging area, then more state
    const a = values(600 * 600);
    wasm.matmul(a, a, null, 600, 600, 600, false, true);
    const more = Array.from({ length: 20 }, () => wasm.newState('float32', 50_000));
    sameBits(s.read(), v, 'after a large product and 1 MB more state');
    more.forEach((t) => sameBits(t.read(), new Float32Array(50_000), 'new state starts at zero'));
  });

  it('an optimizer keeps its state in the backend of its parameters, moves it when the backend changes, and round-trips it', () => {
    const previous = getBackend();
    try {
      for (const make of [() => new Adam(0.01), () => new Momentum(0.01), () => new Nesterov(0.01), () => new RMSprop(0.01), () => new AdaGrad(0.01)]) {
        setBackend(wasm);
        const opt = make();
        const W = Tensor.randn([40, 30], rng);
        const g = Tensor.randn([40, 30], rng);
        opt.update({ W }, { W: g });
        opt.update({ W }, { W: g });
        const before = opt.state();
        // the same optimizer on the reference kernels: its buffers move with their values
        setBackend(referenceKernels);
        const moved = opt.state();
        for (const k of Object.keys(before.buffers)) sameBits(moved.buffers[k]!.data, before.buffers[k]!.data, `${opt.name} ${k} after setBackend`);
        const W2 = W.clone();
        opt.update({ W }, { W: g });
        // a fresh optimizer loaded from the state takes the same step
        const fresh = make();
        fresh.loadState(before);
        fresh.update({ W: W2 }, { W: g });
        sameBits(W2.data, W.data, `${opt.name}: step after loadState`);
      }
    } finally {
      setBackend(previous);
    }
  });

  it('a parameter whose size changed under the same name is refused, naming the buffer and both shapes', () => {
    const opt = new Adam(0.01);
    opt.update({ W: Tensor.zeros([4, 3]) }, { W: Tensor.ones([4, 3]) });
    assert.throws(
      () => opt.update({ W: Tensor.zeros([5, 3]) }, { W: Tensor.ones([5, 3]) }),
      (e: unknown) => e instanceof ShapeError && /'m\.W' holds 12 values \(shape \[4, 3\]\).*\[5, 3\]/.test(e.message),
    );
  });

  it('the WebAssembly arena reuses the blocks of collected state and shrinks back (child process with --expose-gc)', () => {
    const script = `
      import { loadWasmKernels, Adam, Tensor, setBackend } from ${JSON.stringify(new URL('../../src/index.js', import.meta.url).href)};
      const k = loadWasmKernels();
      setBackend(k);
      const W = Tensor.zeros([500, 500]);
      const grads = { W: Tensor.ones([500, 500]) };
      let first = null;
      for (let round = 0; round < 30; round++) {
        (() => new Adam(0.01).update({ W }, grads))(); // 2 MB of state, dropped at once
        globalThis.gc();
        await new Promise((r) => setTimeout(r, 5));
      }
      const s = k.newState('float32', 16);
      console.log(JSON.stringify({ offset: s.offset }));
    `;
    const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr);
    const { offset } = JSON.parse(run.stdout.trim().split('\n').pop()!) as { offset: number };
    // 30 rounds of 2 MB would put a new block past 60 MB if nothing came back; collected blocks are reused
    assert.ok(offset < 8_000_000, `a new block after 30 dropped optimizers sits at byte ${offset}`);
  });

  it('the arena fills a freed block first, merges freed neighbours and gives a free top back to the staging area', () => {
    const arena = new StateArena(new WebAssembly.Memory({ initial: 1 }), 1024);
    const [a, b, c] = [arena.allocate(100), arena.allocate(50), arena.allocate(100)]; // 400, 208 (200 rounded to 16s), 400 bytes
    assert.deepEqual([a.offset, b.offset, c.offset, arena.end], [1024, 1424, 1632, 2032]);
    arena.release(b.offset, 208); // 50 floats take 200 bytes, rounded to 208
    const d = arena.allocate(10); // 48 bytes: into b's block
    assert.equal(d.offset, 1424);
    assert.deepEqual(arena.freeBlocks, [[1472, 160]]);
    arena.release(a.offset, 400); // not adjacent to the free block (d lies between)
    assert.deepEqual(arena.freeBlocks, [[1024, 400], [1472, 160]]);
    arena.release(d.offset, 48); // joins both neighbours
    assert.deepEqual(arena.freeBlocks, [[1024, 608]]);
    arena.release(c.offset, 400); // the top block: the arena shrinks to its start
    assert.deepEqual([arena.freeBlocks, arena.end], [[], 1024]);
    const big = arena.allocate(100_000); // past the one page: memory grows
    big.write(Float32Array.from({ length: 100_000 }, (_, i) => i));
    assert.equal(big.read()[99_999], 99_999);
  });
});
