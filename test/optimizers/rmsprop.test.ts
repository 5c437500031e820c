import { describe, it } from 'node:test';
import { RMSprop } from '../../src/index.js';
import { checkAgainstRule, close, twoSteps } from './rule-check.js';

describe('RMSprop', () => {
  it('lr 0.1, ρ 0.99 by hand: h = 0.0025, then 0.0024750 + 0.01', () => {
    const [a, b] = twoSteps(new RMSprop(0.1, 0.99));
    close(a, 1 - 0.05 / (0.05 + 1e-7), 'step 1');
    const h2 = 0.99 * 0.0025 + 0.01 * 1;
    close(b, a + 0.1 / (Math.sqrt(h2) + 1e-7), 'step 2');
  });
  it('update is RMSprop.rule, fused (float64 and float32, weight and h)', () => {
    checkAgainstRule(() => new RMSprop(0.02, 0.9), (W, g, s) => RMSprop.rule(W, g, { h: s.h! }, 0.02, 0.9), ['h']);
  });
});
