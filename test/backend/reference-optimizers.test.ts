import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdaGrad, Adam, Momentum, Nesterov, RMSprop, Rng, Tensor, referenceKernels } from '../../src/index.js';

// The reference kernels' fused steps against each optimizer's rule as tensor code (float64), over
// two steps so that the state buffers carry over.

const rng = new Rng(21);
const rand = (n: number, scale = 1) => Tensor.from(Array.from({ length: n }, () => scale * rng.normal()), { dtype: 'float64' });
const zeros = (n: number) => Tensor.zeros([n], { dtype: 'float64' });

function close(fused: Tensor, formula: Tensor, what: string): void {
  for (let i = 0; i < fused.size; i++) {
    const [a, b] = [fused.data[i]!, formula.data[i]!];
    assert.ok(Math.abs(a - b) <= 1e-12 * (1 + Math.abs(b)), `${what}[${i}]: fused ${a}, formula ${b}`);
  }
}

describe('fused optimizer steps (reference kernels) are the optimizers\' rules', () => {
  const n = 37;
  it('momentumStep is Momentum.rule, nesterovStep is Nesterov.rule', () => {
    for (const [kernel, rule] of [[referenceKernels.momentumStep, Momentum.rule], [referenceKernels.nesterovStep, Nesterov.rule]] as const) {
      const [p, v] = [rand(n), zeros(n)];
      let e = { W: p.clone(), v: v.clone() };
      for (let step = 0; step < 2; step++) {
        const g = rand(n);
        kernel(p.data, g.data, v.data, 0.05, 0.9);
        e = rule(e.W, g, e, 0.05, 0.9);
      }
      close(v, e.v, 'v');
      close(p, e.W, 'p');
    }
  });

  it('rmspropStep is RMSprop.rule and, with ρ = gain = 1, AdaGrad.rule', () => {
    for (const adagrad of [false, true]) {
      const [p, h] = [rand(n), zeros(n)];
      let e = { W: p.clone(), h: h.clone() };
      for (let step = 0; step < 2; step++) {
        const g = rand(n);
        if (adagrad) referenceKernels.rmspropStep(p.data, g.data, h.data, 0.01, 1, 1, 1e-7);
        else referenceKernels.rmspropStep(p.data, g.data, h.data, 0.01, 0.99, 0.01, 1e-7);
        e = adagrad ? AdaGrad.rule(e.W, g, e, 0.01) : RMSprop.rule(e.W, g, e, 0.01, 0.99);
      }
      close(h, e.h, 'h');
      close(p, e.W, adagrad ? 'adagrad p' : 'rmsprop p');
    }
  });

  it('adamStep is Adam.rule', () => {
    const [p, m, v] = [rand(n), zeros(n), zeros(n)];
    let e = { W: p.clone(), m: m.clone(), v: v.clone() };
    for (let t = 1; t <= 2; t++) {
      const g = rand(n);
      referenceKernels.adamStep(p.data, g.data, m.data, v.data, Adam.stepSize(0.001, 0.9, 0.999, t), 0.9, 0.999, 1e-7);
      e = Adam.rule(e.W, g, e, { lr: 0.001, beta1: 0.9, beta2: 0.999, t });
    }
    close(m, e.m, 'm');
    close(v, e.v, 'v');
    close(p, e.W, 'p');
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
