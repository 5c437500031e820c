// AssemblyScript: the optimizers' fused steps for float32 with 128-bit SIMD, the same math as the
// TypeScript reference (src/backend/reference/optimizers.ts), in float32 arithmetic. State that decays
// below float32's smallest normal number (2⁻¹²⁶) is stored as 0, as in the reference: subnormal
// arithmetic is about a hundred times slower on x86.

const TINY: f32 = 1.17549435e-38; // 2⁻¹²⁶

/** x with every lane whose magnitude is below 2⁻¹²⁶ set to 0 (NaN lanes stay NaN). */
// @ts-ignore: decorator
@inline function flushV(x: v128): v128 {
  return v128.andnot(x, f32x4.lt(f32x4.abs(x), f32x4.splat(TINY)));
}

// @ts-ignore: decorator
@inline function flushS(x: f32): f32 {
  return Mathf.abs(x) < TINY ? 0 : x;
}

/** v ← α·v − lr·g;  p ← p + c·v − d·g. Momentum is c = 1, d = 0; Nesterov c = α², d = (1 + α)·lr. */
export function momentumStep(p: usize, g: usize, v: usize, n: i32, lr: f32, alpha: f32, c: f32, d: f32): void {
  const A = f32x4.splat(alpha);
  const L = f32x4.splat(lr);
  const C = f32x4.splat(c);
  const D = f32x4.splat(d);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const gi = v128.load(g + o);
    const vi = flushV(f32x4.sub(f32x4.mul(A, v128.load(v + o)), f32x4.mul(L, gi)));
    v128.store(v + o, vi);
    v128.store(p + o, f32x4.sub(f32x4.add(v128.load(p + o), f32x4.mul(C, vi)), f32x4.mul(D, gi)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const vi = flushS(alpha * load<f32>(v + o) - lr * gi);
    store<f32>(v + o, vi);
    store<f32>(p + o, load<f32>(p + o) + c * vi - d * gi);
  }
}

/** h ← ρ·h + gain·g²;  p ← p − lr·g/(√h + ε) (RMSprop; AdaGrad with ρ = gain = 1) */
export function rmspropStep(p: usize, g: usize, h: usize, n: i32, lr: f32, rho: f32, gain: f32, eps: f32): void {
  const L = f32x4.splat(lr);
  const R = f32x4.splat(rho);
  const G = f32x4.splat(gain);
  const E = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const gi = v128.load(g + o);
    const hi = flushV(f32x4.add(f32x4.mul(R, v128.load(h + o)), f32x4.mul(G, f32x4.mul(gi, gi))));
    v128.store(h + o, hi);
    v128.store(p + o, f32x4.sub(v128.load(p + o), f32x4.div(f32x4.mul(L, gi), f32x4.add(f32x4.sqrt(hi), E))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const hi = flushS(rho * load<f32>(h + o) + gain * gi * gi);
    store<f32>(h + o, hi);
    store<f32>(p + o, load<f32>(p + o) - (lr * gi) / (Mathf.sqrt(hi) + eps));
  }
}

/** m ← m + (1 − β1)(g − m);  v ← v + (1 − β2)(g² − v);  p ← p − lr_t·m/(√v + ε) */
export function adamStep(p: usize, g: usize, m: usize, v: usize, n: i32, lrT: f32, beta1: f32, beta2: f32, eps: f32): void {
  const c1: f32 = 1 - beta1;
  const c2: f32 = 1 - beta2;
  const C1 = f32x4.splat(c1);
  const C2 = f32x4.splat(c2);
  const L = f32x4.splat(lrT);
  const E = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const gi = v128.load(g + o);
    const m0 = v128.load(m + o);
    const v0 = v128.load(v + o);
    const mi = flushV(f32x4.add(m0, f32x4.mul(C1, f32x4.sub(gi, m0))));
    const vi = flushV(f32x4.add(v0, f32x4.mul(C2, f32x4.sub(f32x4.mul(gi, gi), v0))));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    v128.store(p + o, f32x4.sub(v128.load(p + o), f32x4.div(f32x4.mul(L, mi), f32x4.add(f32x4.sqrt(vi), E))));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const m0 = load<f32>(m + o);
    const v0 = load<f32>(v + o);
    const mi = flushS(m0 + c1 * (gi - m0));
    const vi = flushS(v0 + c2 * (gi * gi - v0));
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    store<f32>(p + o, load<f32>(p + o) - (lrT * mi) / (Mathf.sqrt(vi) + eps));
  }
}
