import type { FloatArray } from '../kernels.js';

// The optimizers' update rules, each one pass over a parameter, in place on the parameter and its
// state buffers. The math (the book's, chapter 6) is written above each loop; src/optimizers/ says
// which hyper-parameters each optimizer passes. Every loop reads each buffer once and writes it
// once, so a step costs a few passes over memory instead of the ten temporaries of the formula.

/** v ← α·v − lr·g;  W ← W + v */
export function momentumStep(p: FloatArray, g: FloatArray, v: FloatArray, lr: number, alpha: number): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const vi = alpha * v[i]! - lr * g[i]!;
    v[i] = vi;
    p[i] += vi;
  }
}

/** v ← α·v − lr·g;  W ← W + α²·v − (1 + α)·lr·g */
export function nesterovStep(p: FloatArray, g: FloatArray, v: FloatArray, lr: number, alpha: number): void {
  const n = p.length;
  const a2 = alpha * alpha;
  const c = (1 + alpha) * lr;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const vi = alpha * v[i]! - lr * gi;
    v[i] = vi;
    p[i] += a2 * vi - c * gi;
  }
}

/** h ← ρ·h + (1 − ρ)·g²;  W ← W − lr·g/(√h + ε). AdaGrad is ρ = 1 with the g² term weighted 1: pass `rho` = 1, `gain` = 1. */
export function rmspropStep(p: FloatArray, g: FloatArray, h: FloatArray, lr: number, rho: number, gain: number, eps: number): void {
  const n = p.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const hi = rho * h[i]! + gain * gi * gi;
    h[i] = hi;
    p[i] -= (lr * gi) / (Math.sqrt(hi) + eps);
  }
}

/** m ← m + (1 − β1)(g − m);  v ← v + (1 − β2)(g² − v);  W ← W − lr_t·m/(√v + ε) */
export function adamStep(p: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, lrT: number, beta1: number, beta2: number, eps: number): void {
  const n = p.length;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const mi = m[i]! + c1 * (gi - m[i]!);
    const vi = v[i]! + c2 * (gi * gi - v[i]!);
    m[i] = mi;
    v[i] = vi;
    p[i] -= (lrT * mi) / (Math.sqrt(vi) + eps);
  }
}
