import { describe, it } from 'node:test';
import { Adam } from '../../src/index.js';
import { checkAgainstRule, close, twoSteps } from './rule-check.js';

describe('Adam', () => {
  it("lr 0.001 by hand: the book's bias-corrected step size", () => {
    const [a, b] = twoSteps(new Adam(0.001, 0.9, 0.999));
    // step 1: m = 0.05, v = 0.00025, lr_t = 0.001·√0.001/0.1
    const lr1 = (0.001 * Math.sqrt(1 - 0.999)) / (1 - 0.9);
    close(a, 1 - (lr1 * 0.05) / (Math.sqrt(0.00025) + 1e-7), 'step 1');
    // step 2: m = 0.05 + 0.1·(−1 − 0.05) = −0.055, v = 0.00025 + 0.001·(1 − 0.00025)
    const lr2 = (0.001 * Math.sqrt(1 - 0.999 ** 2)) / (1 - 0.9 ** 2);
    const m2 = 0.05 + 0.1 * (-1 - 0.05);
    const v2 = 0.00025 + 0.001 * (1 - 0.00025);
    close(b, a - (lr2 * m2) / (Math.sqrt(v2) + 1e-7), 'step 2');
  });
  it('update is Adam.rule, fused (float64 and float32, weight, m and v)', () => {
    const h = { lr: 0.01, beta1: 0.8, beta2: 0.99 };
    checkAgainstRule(() => new Adam(h.lr, h.beta1, h.beta2), (W, g, s, t) => Adam.rule(W, g, { m: s.m!, v: s.v! }, { ...h, t }), ['m', 'v']);
  });
});
