import { ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { Rng } from '../random/rng.js';
import { Tensor } from '../tensor/tensor.js';
import type { Layer, TensorRecord } from '../layers/layer.js';
import { numericalGradient } from './numerical-gradient.js';

/** One entry where backprop and the numerical gradient disagree. */
export interface GradientMismatch {
  readonly name: string;
  /** The multi-index of the entry, e.g. [3, 1]. */
  readonly index: readonly number[];
  readonly analytic: number;
  readonly numeric: number;
  readonly relError: number;
}

/** What {@link gradientCheck} found: whether every gradient agrees, the worst relative error per parameter, and a report. */
export interface GradientCheckResult {
  /** True when every entry has |a − n| ≤ atol + tolerance·(|a| + |n|). */
  readonly ok: boolean;
  readonly tolerance: number;
  readonly atol: number;
  /**
   * Max relative error per name, |a − n| / (|a| + |n| + atol / tolerance): at most `tolerance` exactly when
   * the entry passes, so a true gradient of 0 read as 1e−12 of round-off counts as 1e−9, not as 1.
   */
  readonly maxRelError: Readonly<Record<string, number>>;
  /** The first (up to `maxReport`) entries above the tolerance. */
  readonly mismatches: readonly GradientMismatch[];
  /** A readable report, DeZero style: which names failed and the first differing entries. */
  readonly report: string;
}

/** Options of {@link gradientCheck} and {@link gradientCheckLayer}. */
export interface GradientCheckOptions {
  /** Relative error bound (default 1e−6, right for float64 and smooth functions). */
  readonly tolerance?: number;
  /** Absolute error allowed on top, for gradients near 0 (default 1e−9, above float64 round-off in a difference quotient). */
  readonly atol?: number;
  /** Step for the central difference (default 1e−4). */
  readonly h?: number;
  /** How many mismatching entries to list (default 5). */
  readonly maxReport?: number;
  /** Check only this many entries of each tensor, chosen by a seeded generator (default: all). For large models. */
  readonly sample?: number;
}

/** (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for one entry i, restoring it afterwards. */
function centralDifference(f: () => number, x: Tensor, i: number, h: number): number {
  const original = x.data[i]!;
  x.data[i] = original + h;
  const plus = f();
  x.data[i] = original - h;
  const minus = f();
  x.data[i] = original;
  return (plus - minus) / (2 * h);
}

/** 10 significant digits: enough to see a difference, short enough to read. */
function fmt(v: number): string {
  return String(Number(v.toPrecision(10)));
}

function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return idx;
}

/**
 * Compares analytic gradients with numerical ones for each named tensor.
 * `loss` must read the tensors in `inputs` (they are nudged in place and restored);
 * `analytic` holds backprop's gradient for each name.
 *
 * @example
 * ```ts
 * import { Tensor, gradientCheck } from 'scratchnet';
 * const x = Tensor.from([1, 2], { dtype: 'float64' });
 * const r = gradientCheck(() => x.square().sum().item(), { x }, { x: x.mul(2) });
 * console.log(r.ok, r.report);
 * ```
 */
export function gradientCheck(
  loss: () => number,
  inputs: TensorRecord,
  analytic: TensorRecord,
  options: GradientCheckOptions = {},
): GradientCheckResult {
  const { tolerance = 1e-6, atol = 1e-9, h = 1e-4, maxReport = 5, sample } = options;
  if (!(tolerance > 0) || !(atol >= 0)) throw new ValueError(`gradientCheck: tolerance must be > 0 and atol ≥ 0, got ${tolerance} and ${atol}`);
  const floor = atol / tolerance;
  const pick = new Rng(0);
  const maxRelError: Record<string, number> = {};
  const mismatches: GradientMismatch[] = [];
  const failed = new Set<string>();
  for (const [name, x] of Object.entries(inputs)) {
    const a = analytic[name];
    if (a === undefined) throw new ValueError(`gradientCheck: no analytic gradient for '${name}' (have: ${Object.keys(analytic).join(', ') || 'none'})`);
    if (a.size !== x.size) throw new ShapeError(`gradientCheck: gradient of '${name}' has shape ${fmtShape(a.shape)}, the tensor ${fmtShape(x.shape)}`);
    const all = sample === undefined || sample >= x.size;
    const indices = all ? null : pick.permutation(x.size).subarray(0, sample);
    const num = all ? numericalGradient(() => loss(), x, h) : null;
    let worst = 0;
    for (let j = 0; j < (indices === null ? x.size : indices.length); j++) {
      const i = indices === null ? j : indices[j]!;
      const av = a.data[i]!;
      const nv = num !== null ? num.data[i]! : centralDifference(loss, x, i, h);
      const diff = Math.abs(av - nv);
      const bad = !(diff <= atol + tolerance * (Math.abs(av) + Math.abs(nv))); // NaN counts as bad
      const rel = diff === 0 ? 0 : diff / (Math.abs(av) + Math.abs(nv) + floor);
      if (bad) failed.add(name);
      worst = Number.isNaN(rel) ? NaN : Math.max(worst, rel); // a NaN, once met, stays
      if (bad && mismatches.length < maxReport) {
        mismatches.push({ name, index: unravel(i, x.shape), analytic: av, numeric: nv, relError: rel });
      }
    }
    maxRelError[name] = worst;
  }
  const ok = failed.size === 0;
  const lines = Object.entries(maxRelError).map(([n, e]) => `  ${n}: max relative error ${e.toExponential(2)}${failed.has(n) ? '  FAIL' : ''}`);
  for (const m of mismatches) {
    lines.push(`  ${m.name}[${m.index.join(', ')}]: backprop ${fmt(m.analytic)}, numerical ${fmt(m.numeric)} (relative error ${m.relError.toExponential(2)})`);
  }
  const report = `gradient check ${ok ? 'passed' : 'FAILED'} (|a − n| ≤ ${atol} + ${tolerance}·(|a| + |n|)):\n${lines.join('\n')}`;
  return { ok, tolerance, atol, maxRelError, mismatches, report };
}

/**
 * Checks a layer's backward against the numerical gradient of the scalar
 * L = Σ forward(x) ⊙ r for a fixed random r, so dout = r. Reports dx (as `x`)
 * and every parameter. Use float64 tensors.
 *
 * @example
 * ```ts
 * import { Affine, Rng, Tensor, gradientCheckLayer } from 'scratchnet';
 * const rng = new Rng(0);
 * const opts = { dtype: 'float64' } as const;
 * const layer = new Affine(Tensor.randn([4, 3], rng, opts), Tensor.randn([3], rng, opts));
 * console.log(gradientCheckLayer(layer, Tensor.randn([2, 4], rng, opts), { rng }).report);
 * ```
 */
export function gradientCheckLayer(
  layer: Layer,
  x: Tensor,
  options: GradientCheckOptions & { readonly rng?: Rng; readonly train?: boolean } = {},
): GradientCheckResult {
  const rng = options.rng ?? new Rng(0);
  const train = options.train ?? true;
  const xc = x.clone();
  const y = layer.forward(xc, { train });
  const r = Tensor.randn(y.shape, rng, { dtype: y.dtype });
  const dx = layer.backward(r);
  const analytic: TensorRecord = { x: dx };
  for (const name of Object.keys(layer.params)) analytic[name] = layer.grads[name]!;
  const loss = (): number => layer.forward(xc, { train }).mul(r).sum().item();
  return gradientCheck(loss, { x: xc, ...layer.params }, analytic, options);
}
