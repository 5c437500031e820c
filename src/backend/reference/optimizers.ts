import type { FloatArray } from '../kernels.js';

// The optimizers' update rules, each one pass over a parameter, in place on the parameter and its
// state buffers. The math (the book's, chapter 6) is written above each loop; src/optimizers/ says
// which hyper-parameters each optimizer passes. Every loop reads each buffer once and writes it
// once, so a step costs a few passes over memory instead of the ten temporaries of the formula.
//
// State (v, h, m) that decays below the smallest normal number of its type is stored as 0. For an input
// that is rarely active (MNIST's border pixels) Adam's m shrinks by β1 = 0.9 per step and reaches
// float32's subnormal range (below 2⁻¹²⁶ ≈ 1.2e−38) after about 800 steps; x86 processors do subnormal
// arithmetic about a hundred times slower, and Adam's step on MultiLayerNet took twice as long from then
// on. What is lost is a parameter change below 1e−38, under float32's resolution of any parameter.

/** The smallest normal number of the buffer's type: 2⁻¹²⁶ for float32, 2⁻¹⁰²² for float64. */
function smallestNormal(a: FloatArray): number {
  return a instanceof Float32Array ? 2 ** -126 : 2 ** -1022;
}

/** x, or 0 when |x| is below `tiny` (NaN stays NaN). */
function flush(x: number, tiny: number): number {
  return x < tiny && x > -tiny ? 0 : x;
}

/** v ← α·v − lr·g;  W ← W + v */
export function momentumStep(p: FloatArray, g: FloatArray, v: FloatArray, lr: number, alpha: number): void {
  const n = p.length;
  const tiny = smallestNormal(v);
  for (let i = 0; i < n; i++) {
    const vi = flush(alpha * v[i]! - lr * g[i]!, tiny);
    v[i] = vi;
    p[i] += vi;
  }
}

/** v ← α·v − lr·g;  W ← W + α²·v − (1 + α)·lr·g */
export function nesterovStep(p: FloatArray, g: FloatArray, v: FloatArray, lr: number, alpha: number): void {
  const n = p.length;
  const a2 = alpha * alpha;
  const c = (1 + alpha) * lr;
  const tiny = smallestNormal(v);
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const vi = flush(alpha * v[i]! - lr * gi, tiny);
    v[i] = vi;
    p[i] += a2 * vi - c * gi;
  }
}

/** h ← ρ·h + (1 − ρ)·g²;  W ← W − lr·g/(√h + ε). AdaGrad is ρ = 1 with the g² term weighted 1: pass `rho` = 1, `gain` = 1. */
export function rmspropStep(p: FloatArray, g: FloatArray, h: FloatArray, lr: number, rho: number, gain: number, eps: number): void {
  const n = p.length;
  const tiny = smallestNormal(h);
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const hi = flush(rho * h[i]! + gain * gi * gi, tiny);
    h[i] = hi;
    p[i] -= (lr * gi) / (Math.sqrt(hi) + eps);
  }
}

/** m ← m + (1 − β1)(g − m);  v ← v + (1 − β2)(g² − v);  W ← W − lr_t·m/(√v + ε) */
export function adamStep(p: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, lrT: number, beta1: number, beta2: number, eps: number): void {
  const n = p.length;
  const c1 = 1 - beta1;
  const c2 = 1 - beta2;
  const tiny = smallestNormal(m);
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const mi = flush(m[i]! + c1 * (gi - m[i]!), tiny);
    const vi = flush(v[i]! + c2 * (gi * gi - v[i]!), tiny);
    m[i] = mi;
    v[i] = vi;
    p[i] -= (lrT * mi) / (Math.sqrt(vi) + eps);
  }
}
