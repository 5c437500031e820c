import { describe, it } from 'node:test';
import { Momentum } from '../../src/index.js';
import { checkAgainstRule, close, twoSteps } from './rule-check.js';

describe('Momentum', () => {
  it('lr 0.1, α 0.9 by hand: v = −0.05 → 0.95; v = −0.045 + 0.1 = 0.055 → 1.005', () => {
    const [a, b] = twoSteps(new Momentum(0.1, 0.9));
    close(a, 0.95, 'step 1');
    close(b, 1.005, 'step 2');
  });
  it('update is Momentum.rule, fused (float64 and float32, weight and v)', () => {
    checkAgainstRule(() => new Momentum(0.05, 0.8), (W, g, s) => Momentum.rule(W, g, { v: s.v! }, 0.05, 0.8), ['v']);
  });
});
