import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { Adam, Rng, Tensor, ValueError, getBackend, loadWasmKernels, setBackend } from '../../src/index.js';
import { NativeState } from '../../src/node/native-optimizers.js';
import { firstBitDifference, isas, native, nativeKernels, skipUnlessNative } from './native-helpers.js';

describe('optimizer state in native memory', { skip: skipUnlessNative() }, () => {
  it('is zeros of the asked length, read and written as copies, refusing another length', () => {
    const k = nativeKernels(isas()[0]!);
    const s = k.newState('float32', 300);
    assert.ok(s instanceof NativeState);
    assert.equal(s.dtype, 'float32');
    assert.equal(s.length, 300);
    assert.deepEqual(s.read(), new Float32Array(300));
    const values = Float32Array.from({ length: 300 }, (_, i) => i / 7);
    s.write(values);
    values[0] = 99;
    assert.equal(s.read()[0], 0, 'write copied the values');
    assert.equal(s.read()[299], Math.fround(299 / 7));
    assert.throws(() => s.write(new Float32Array(299)), (e: unknown) => e instanceof ValueError && /expected a Float32Array or Float64Array of 300 values, got 299 values/.test((e as Error).message));
    assert.equal(k.newState('float64', 3).read() instanceof Float64Array, true, 'float64 state stays in JavaScript memory');
    assert.equal(k.newState('float32', 0).length, 0);
  });

  it('is stepped in place, to the bits of state in plain arrays, and moves to another backend with its values', () => {
    const rng = new Rng(51);
    const isa = isas()[0]!;
    const k = nativeKernels(isa);
    const n = 1000;
    const [p1, p2] = [Float32Array.from({ length: n }, () => rng.normal()), new Float32Array(n)];
    p2.set(p1);
    const g = Float32Array.from({ length: n }, () => rng.normal());
    const [m, v] = [k.newState('float32', n), k.newState('float32', n)];
    const [pm, pv] = [new Float32Array(n), new Float32Array(n)];
    for (let t = 0; t < 5; t++) {
      k.adamStep(p1, g, m, v, 0.01, 0.9, 0.999, 1e-8);
      k.adamStep(p2, g, pm, pv, 0.01, 0.9, 0.999, 1e-8);
    }
    assert.equal(firstBitDifference(p1, p2), -1);
    assert.equal(firstBitDifference(m.read() as Float32Array, pm), -1);
    // an optimizer whose state was made here goes on, on the WebAssembly backend, from the same values
    const previous = getBackend();
    try {
      setBackend(k);
      const W = Tensor.from(Array.from({ length: 600 }, (_, i) => Math.sin(i)));
      const grads = { W: Tensor.from(Array.from({ length: 600 }, (_, i) => Math.cos(i))) };
      const [a, b] = [new Adam(0.01), new Adam(0.01)];
      const [Wa, Wb] = [W.clone(), W.clone()];
      a.update({ W: Wa }, grads);
      setBackend(loadWasmKernels()!);
      b.update({ W: Wb }, grads);
      a.update({ W: Wa }, grads);
      b.update({ W: Wb }, grads);
      assert.equal(firstBitDifference(Wa.data as Float32Array, Wb.data as Float32Array), -1);
    } finally {
      setBackend(previous);
    }
  });

  it('is freed when its optimizer is garbage collected (child process with --expose-gc)', () => {
    const index = new URL('../../src/index.js', import.meta.url).href;
    const loader = new URL('../../src/node/native-loader.js', import.meta.url).href;
    const script = `
      const { Adam, Tensor, setBackend } = await import(${JSON.stringify(index)});
      const { nativeStatus } = await import(${JSON.stringify(loader)});
      setBackend('native');
      const info = () => nativeStatus().addon.info();
      const W = Tensor.zeros([1000, 1000]);
      const grads = { W: Tensor.ones([1000, 1000]) };
      let peak = 0;
      for (let round = 0; round < 40; round++) {
        (() => new Adam(0.01).update({ W }, grads))(); // 8 MB of state, dropped at once
        peak = Math.max(peak, info().stateBytes);
        if (round % 4 === 3) { globalThis.gc(); await new Promise((r) => setTimeout(r, 10)); }
      }
      globalThis.gc();
      await new Promise((r) => setTimeout(r, 50));
      globalThis.gc();
      await new Promise((r) => setTimeout(r, 50));
      console.log(JSON.stringify({ peak, left: info().stateBytes, blocks: info().stateBlocks }));
    `;
    const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, SCRATCHNET_BACKEND: 'native' } });
    assert.equal(run.status, 0, run.stderr);
    const { peak, left, blocks } = JSON.parse(run.stdout.trim().split('\n').pop()!) as { peak: number; left: number; blocks: number };
    assert.ok(peak >= 8e6 && peak <= 8e6 * 8, `at most a few optimizers' state alive at once: peak ${peak} bytes`);
    assert.ok(left < 8e6, `after collection ${left} bytes in ${blocks} blocks remain (40 rounds of 8 MB would leave 320 MB)`);
  });

  it('refuses a size it cannot hold, with a typed error', () => {
    assert.throws(() => native().newState(2 ** 33), (e: unknown) => (e as { code?: string }).code === 'SCRATCHNET_VALUE');
    assert.throws(() => native().newState(-1), (e: unknown) => (e as { code?: string }).code === 'SCRATCHNET_VALUE');
  });
});
