import { describe, it } from 'node:test';
import { AdaGrad } from '../../src/index.js';
import { checkAgainstRule, close, twoSteps } from './rule-check.js';

describe('AdaGrad', () => {
  it('lr 0.1 by hand: h = 0.25 → w −= 0.05/0.5; h = 1.25 → w += 0.1/√1.25', () => {
    const [a, b] = twoSteps(new AdaGrad(0.1));
    close(a, 1 - 0.05 / (0.5 + 1e-7), 'step 1');
    close(b, a + 0.1 / (Math.sqrt(1.25) + 1e-7), 'step 2');
  });
  it('update is AdaGrad.rule, fused (float64 and float32, weight and h)', () => {
    checkAgainstRule(() => new AdaGrad(0.05), (W, g, s) => AdaGrad.rule(W, g, { h: s.h! }, 0.05), ['h']);
  });
});
