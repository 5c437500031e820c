import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Rng, Tensor, referenceKernels } from '../../src/index.js';

// The fused optimizer steps against the book's formulas written as tensor operations (float64),
// over two steps so that the state buffers carry over.

const rng = new Rng(21);
const rand = (n: number, scale = 1) => Tensor.from(Array.from({ length: n }, () => scale * rng.normal()), { dtype: 'float64' });

function close(fused: Tensor, formula: Tensor, what: string): void {
  for (let i = 0; i < fused.size; i++) {
    const [a, b] = [fused.data[i]!, formula.data[i]!];
    assert.ok(Math.abs(a - b) <= 1e-12 * (1 + Math.abs(b)), `${what}[${i}]: fused ${a}, formula ${b}`);
  }
}

describe('fused optimizer steps (reference kernels)', () => {
  const n = 37;
  it('momentumStep and nesterovStep follow v ← αv − lr·g and their parameter updates', () => {
    for (const nesterov of [false, true]) {
      const [p, v] = [rand(n), Tensor.zeros([n], { dtype: 'float64' })];
      let [P, V] = [p.clone(), v.clone()];
      const [lr, a] = [0.05, 0.9];
      for (let step = 0; step < 2; step++) {
        const g = rand(n);
        (nesterov ? referenceKernels.nesterovStep : referenceKernels.momentumStep)(p.data, g.data, v.data, lr, a);
        V = V.mul(a).sub(g.mul(lr));
        P = nesterov ? P.add(V.mul(a * a)).sub(g.mul((1 + a) * lr)) : P.add(V);
      }
      close(v, V, 'v');
      close(p, P, nesterov ? 'nesterov p' : 'momentum p');
    }
  });

  it('rmspropStep gives RMSprop and, with ρ = gain = 1, AdaGrad', () => {
    for (const [rho, gain] of [[0.99, 0.01], [1, 1]] as const) {
      const [p, h] = [rand(n), Tensor.zeros([n], { dtype: 'float64' })];
      let [P, H] = [p.clone(), h.clone()];
      for (let step = 0; step < 2; step++) {
        const g = rand(n);
        referenceKernels.rmspropStep(p.data, g.data, h.data, 0.01, rho, gain, 1e-7);
        H = H.mul(rho).add(g.square().mul(gain));
        P = P.sub(g.mul(0.01).div(H.sqrt().add(1e-7)));
      }
      close(h, H, 'h');
      close(p, P, `p (ρ ${rho})`);
    }
  });

  it('adamStep follows m ← m + (1 − β1)(g − m), v ← v + (1 − β2)(g² − v), p ← p − lr_t·m/(√v + ε)', () => {
    const [p, m, v] = [rand(n), Tensor.zeros([n], { dtype: 'float64' }), Tensor.zeros([n], { dtype: 'float64' })];
    let [P, M, V] = [p.clone(), m.clone(), v.clone()];
    for (let step = 1; step <= 2; step++) {
      const g = rand(n);
      const lrT = (0.001 * Math.sqrt(1 - 0.999 ** step)) / (1 - 0.9 ** step);
      referenceKernels.adamStep(p.data, g.data, m.data, v.data, lrT, 0.9, 0.999, 1e-7);
      M = M.add(g.sub(M).mul(0.1));
      V = V.add(g.square().sub(V).mul(0.001));
      P = P.sub(M.mul(lrT).div(V.sqrt().add(1e-7)));
    }
    close(m, M, 'm');
    close(v, V, 'v');
    close(p, P, 'p');
  });
});

describe('optimizer state never goes subnormal (both backends)', () => {
  it('state that decays below the smallest normal float is stored as 0, and NaN stays NaN', async () => {
    const { loadWasmKernels } = await import('../../src/index.js');
    const wasm = loadWasmKernels()!;
    const tiny32 = 2 ** -126;
    for (const [kernels, dtype, tiny] of [[referenceKernels, 'f32', tiny32], [wasm, 'f32', tiny32], [referenceKernels, 'f64', 2 ** -1022]] as const) {
      const n = 300; // past the wasm size threshold, and not a multiple of 4
      const make = (x: number) => (dtype === 'f32' ? new Float32Array(n) : new Float64Array(n)).fill(x);
      const start = dtype === 'f32' ? 1e-30 : 1e-300;
      const [p, g] = [make(1), make(0)];
      const [m, v, h, mv] = [make(start), make(start), make(start), make(start)];
      m[5] = NaN;
      const states: [string, Float32Array | Float64Array][] = [['adam m', m], ['adam v', v], ['rmsprop h', h], ['momentum v', mv]];
      for (let step = 0; step < 400; step++) {
        kernels.adamStep(p, g, m, v, 1e-3, 0.9, 0.999, 1e-7);
        kernels.rmspropStep(p, g, h, 1e-3, 0.9, 0.1, 1e-7);
        kernels.momentumStep(p, g, mv, 0.01, 0.9);
        for (const [what, s] of states)
          s.forEach((x, i) => assert.ok(x === 0 || Math.abs(x) >= tiny || (what === 'adam m' && i === 5), `${kernels.name} ${dtype} ${what}[${i}] is subnormal (${x}) at step ${step}`));
      }
      // 0.9⁴⁰⁰·1e−30 is far below the normal range: the decaying states have reached 0 exactly
      for (const [what, s] of [['adam m', m], ['momentum v', mv]] as const) assert.equal(s[0], 0, `${kernels.name} ${dtype} ${what}`);
      assert.ok(Number.isNaN(m[5]!), `${kernels.name} ${dtype}: NaN in m stays NaN`);
    }
  });
});
