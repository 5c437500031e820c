import assert from 'node:assert/strict';
import { Rng, Tensor, type Optimizer } from '../../src/index.js';

/** Two steps on one weight w = 1 with gradients 0.5 then −1 (float64), for values worked out by hand. */
export function twoSteps(opt: Optimizer): [number, number] {
  const W = Tensor.from([1], { dtype: 'float64' });
  opt.update({ W }, { W: Tensor.from([0.5], { dtype: 'float64' }) });
  const first = W.data[0]!;
  opt.update({ W }, { W: Tensor.from([-1], { dtype: 'float64' }) });
  return [first, W.data[0]!];
}

export const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

/**
 * Runs `make()`'s fused update for 5 steps on a 7×9 weight against `rule` (the optimizer's tensor code)
 * applied step by step, comparing the weight and every state buffer: within 1e−12 in float64 (the
 * reference kernels) and 2e−6 relative in float32 (the fast backend).
 */
export function checkAgainstRule(
  make: () => Optimizer,
  rule: (W: Tensor, g: Tensor, state: Record<string, Tensor>, t: number) => Record<string, Tensor> & { W: Tensor },
  slots: readonly string[],
): void {
  for (const dtype of ['float64', 'float32'] as const) {
    const rng = new Rng(11);
    const W = Tensor.randn([7, 9], rng, { dtype });
    let expected: Record<string, Tensor> & { W: Tensor } = { W: W.clone(), ...Object.fromEntries(slots.map((s) => [s, Tensor.zeros([7, 9], { dtype })])) };
    const opt = make();
    for (let t = 1; t <= 5; t++) {
      const g = Tensor.randn([7, 9], rng, { dtype });
      opt.update({ W }, { W: g });
      expected = rule(expected.W, g, expected, t);
    }
    const tol = dtype === 'float64' ? 1e-12 : 2e-6;
    const got: Record<string, Tensor> = { W, ...Object.fromEntries(slots.map((s) => [s, opt.state().buffers[`${s}.W`]!])) };
    for (const [k, t] of Object.entries(got)) {
      assert.ok(t !== undefined, `${opt.name}: no state '${k}.W'`);
      for (let i = 0; i < t.size; i++) {
        const [a, b] = [t.data[i]!, expected[k]!.data[i]!];
        assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${opt.name} ${dtype} ${k}[${i}]: update ${a}, rule ${b}`);
      }
    }
  }
}
