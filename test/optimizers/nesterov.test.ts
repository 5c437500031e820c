import { describe, it } from 'node:test';
import { Nesterov } from '../../src/index.js';
import { checkAgainstRule, close, twoSteps } from './rule-check.js';

describe('Nesterov', () => {
  it('lr 0.1, α 0.9 by hand: w += 0.81·v − 0.19·g', () => {
    // step 1: v = −0.05; w = 1 + 0.81·(−0.05) − 0.19·0.5 = 0.8645
    // step 2: v = −0.045 + 0.1 = 0.055; w = 0.8645 + 0.81·0.055 + 0.19 = 1.09905
    const [a, b] = twoSteps(new Nesterov(0.1, 0.9));
    close(a, 0.8645, 'step 1');
    close(b, 1.09905, 'step 2');
  });
  it('update is Nesterov.rule, fused (float64 and float32, weight and v)', () => {
    checkAgainstRule(() => new Nesterov(0.05, 0.8), (W, g, s) => Nesterov.rule(W, g, { v: s.v! }, 0.05, 0.8), ['v']);
  });
});
