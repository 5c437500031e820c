// AssemblyScript: the element-wise kernels for float32 with 128-bit SIMD, the same operations as the
// TypeScript reference (src/backend/reference/elementwise.ts and reduce.ts). Op codes follow the order
// of BinaryOp and UnaryOp in src/backend/kernels.ts (see OPS in ../wasm-kernels.ts).

// binary ops: 0 add, 1 sub, 2 mul, 3 div, 4 maximum, 5 minimum, 6 greater, 7 onlyWherePositive

// @ts-ignore: decorator
@inline function binV(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case 0: return f32x4.add(x, y);
    case 1: return f32x4.sub(x, y);
    case 2: return f32x4.mul(x, y);
    case 3: return f32x4.div(x, y);
    case 4: return f32x4.max(x, y); // NaN-propagating, max(−0, 0) = 0: numpy's maximum
    case 5: return f32x4.min(x, y);
    case 6: return v128.and(f32x4.gt(x, y), f32x4.splat(1));
    default: return v128.and(f32x4.gt(y, f32x4.splat(0)), x); // x where y > 0, else +0
  }
}

// @ts-ignore: decorator
@inline function binS(op: i32, x: f32, y: f32): f32 {
  return f32x4.extract_lane(binV(op, f32x4.splat(x), f32x4.splat(y)), 0);
}

/** out[r, j] = a[r·ars + j·acs] op b[r·brs + j·bcs] for a (rows × cols) output; column strides are 0 or 1. */
// @ts-ignore: decorator
@inline function rowsOf(op: i32, a: usize, ars: i32, acs: i32, b: usize, brs: i32, bcs: i32, out: usize, rows: i32, cols: i32): void {
  let o = out;
  const vecEnd = cols & ~3;
  for (let r = 0; r < rows; r++) {
    const ar = a + (<usize>(r * ars) << 2);
    const br = b + (<usize>(r * brs) << 2);
    let j = 0;
    if (acs == 1 && bcs == 1) {
      for (; j < vecEnd; j += 4) v128.store(o + (<usize>j << 2), binV(op, v128.load(ar + (<usize>j << 2)), v128.load(br + (<usize>j << 2))));
    } else if (acs == 1) {
      const y = v128.load32_splat(br);
      for (; j < vecEnd; j += 4) v128.store(o + (<usize>j << 2), binV(op, v128.load(ar + (<usize>j << 2)), y));
    } else if (bcs == 1) {
      const x = v128.load32_splat(ar);
      for (; j < vecEnd; j += 4) v128.store(o + (<usize>j << 2), binV(op, x, v128.load(br + (<usize>j << 2))));
    }
    for (; j < cols; j++) store<f32>(o + (<usize>j << 2), binS(op, load<f32>(ar + (<usize>(j * acs) << 2)), load<f32>(br + (<usize>(j * bcs) << 2))));
    o += <usize>cols << 2;
  }
}

export function binaryRows(op: i32, a: usize, ars: i32, acs: i32, b: usize, brs: i32, bcs: i32, out: usize, rows: i32, cols: i32): void {
  switch (op) {
    case 0: rowsOf(0, a, ars, acs, b, brs, bcs, out, rows, cols); break;
    case 1: rowsOf(1, a, ars, acs, b, brs, bcs, out, rows, cols); break;
    case 2: rowsOf(2, a, ars, acs, b, brs, bcs, out, rows, cols); break;
    case 3: rowsOf(3, a, ars, acs, b, brs, bcs, out, rows, cols); break;
    case 4: rowsOf(4, a, ars, acs, b, brs, bcs, out, rows, cols); break;
    case 5: rowsOf(5, a, ars, acs, b, brs, bcs, out, rows, cols); break;
    case 6: rowsOf(6, a, ars, acs, b, brs, bcs, out, rows, cols); break;
    default: rowsOf(7, a, ars, acs, b, brs, bcs, out, rows, cols);
  }
}

// unary ops: 0 neg, 1 exp, 2 log, 3 sqrt, 4 abs, 5 square, 6 reciprocal, 7 relu, 8 sigmoid, 9 tanh

/** A sigmoid that never overflows: e^x/(1 + e^x) for x < 0, 1/(1 + e^−x) otherwise. */
// @ts-ignore: decorator
@inline function sigmoid(x: f32): f32 {
  if (x < 0) {
    const e = Mathf.exp(x);
    return e / (1 + e);
  }
  return 1 / (1 + Mathf.exp(-x));
}

// @ts-ignore: decorator
@inline function unaryOf(op: i32, a: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  let i = 0;
  if (op != 1 && op != 2 && op != 8 && op != 9) {
    for (; i + 4 <= n; i += 4) {
      const x = v128.load(a + (<usize>i << 2));
      let y: v128;
      switch (op) {
        case 0: y = f32x4.neg(x); break;
        case 3: y = f32x4.sqrt(x); break;
        case 4: y = f32x4.abs(x); break;
        case 5: y = f32x4.mul(x, x); break;
        case 6: y = f32x4.div(one, x); break;
        default: y = f32x4.max(x, zero); // relu: NaN stays NaN, −0 and −∞ give 0
      }
      v128.store(out + (<usize>i << 2), y);
    }
  }
  for (; i < n; i++) {
    const x = load<f32>(a + (<usize>i << 2));
    let y: f32;
    switch (op) {
      case 0: y = -x; break;
      case 1: y = Mathf.exp(x); break;
      case 2: y = Mathf.log(x); break;
      case 3: y = Mathf.sqrt(x); break;
      case 4: y = Mathf.abs(x); break;
      case 5: y = x * x; break;
      case 6: y = 1 / x; break;
      case 7: y = f32x4.extract_lane(f32x4.max(f32x4.splat(x), zero), 0); break;
      case 8: y = sigmoid(x); break;
      default: y = Mathf.tanh(x);
    }
    store<f32>(out + (<usize>i << 2), y);
  }
}

export function unary(op: i32, a: usize, out: usize, n: i32): void {
  switch (op) {
    case 0: unaryOf(0, a, out, n); break;
    case 1: unaryOf(1, a, out, n); break;
    case 2: unaryOf(2, a, out, n); break;
    case 3: unaryOf(3, a, out, n); break;
    case 4: unaryOf(4, a, out, n); break;
    case 5: unaryOf(5, a, out, n); break;
    case 6: unaryOf(6, a, out, n); break;
    case 7: unaryOf(7, a, out, n); break;
    case 8: unaryOf(8, a, out, n); break;
    default: unaryOf(9, a, out, n);
  }
}

/**
 * Sums over the middle axis of a (outer, len, inner) in float64, in the reference's order (l = 0, 1, ...
 * for each output), so the result is the reference's exactly; `acc` is scratch for `inner` float64s.
 */
export function reduceSum(a: usize, out: usize, outer: i32, len: i32, inner: i32, acc: usize): void {
  const rowBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    memory.fill(acc, 0, <usize>inner << 3);
    const ab = a + <usize>o * <usize>len * rowBytes;
    for (let l = 0; l < len; l++) {
      const row = ab + <usize>l * rowBytes;
      let j = 0;
      for (; j + 4 <= inner; j += 4) {
        const x = v128.load(row + (<usize>j << 2));
        const at = acc + (<usize>j << 3);
        v128.store(at, f64x2.add(v128.load(at), f64x2.promote_low_f32x4(x)));
        v128.store(at, f64x2.add(v128.load(at, 16), f64x2.promote_low_f32x4(i32x4.shuffle(x, x, 2, 3, 0, 1))), 16);
      }
      for (; j < inner; j++) store<f64>(acc + (<usize>j << 3), load<f64>(acc + (<usize>j << 3)) + <f64>load<f32>(row + (<usize>j << 2)));
    }
    const ob = out + <usize>o * rowBytes;
    for (let j = 0; j < inner; j++) store<f32>(ob + (<usize>j << 2), <f32>load<f64>(acc + (<usize>j << 3)));
  }
}

/** The maximum over the middle axis; NaN, once met, stays (f32x4.max propagates it). */
export function reduceMax(a: usize, out: usize, outer: i32, len: i32, inner: i32): void {
  const rowBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const ab = a + <usize>o * <usize>len * rowBytes;
    const ob = out + <usize>o * rowBytes;
    memory.copy(ob, ab, rowBytes);
    for (let l = 1; l < len; l++) {
      const row = ab + <usize>l * rowBytes;
      let j = 0;
      for (; j + 4 <= inner; j += 4) v128.store(ob + (<usize>j << 2), f32x4.max(v128.load(ob + (<usize>j << 2)), v128.load(row + (<usize>j << 2))));
      for (; j < inner; j++) {
        const v = load<f32>(row + (<usize>j << 2));
        const m = load<f32>(ob + (<usize>j << 2));
        if (v > m || (v != v && m == m)) store<f32>(ob + (<usize>j << 2), v);
      }
    }
  }
}

/** y += alpha·x */
export function axpy(alpha: f32, x: usize, y: usize, n: i32): void {
  const s = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = y + (<usize>i << 2);
    v128.store(at, f32x4.add(v128.load(at), f32x4.mul(s, v128.load(x + (<usize>i << 2)))));
  }
  for (; i < n; i++) store<f32>(y + (<usize>i << 2), load<f32>(y + (<usize>i << 2)) + alpha * load<f32>(x + (<usize>i << 2)));
}

/**
 * Log-softmax of each row of a (rows × cols): x − m − log Σ e^(x − m), m the row maximum (NaN if the row
 * has one). The sum and the log run in float64, as in the reference (src/backend/reference/softmax.ts).
 */
export function logSoftmax(a: usize, out: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    const row = a + (<usize>(r * cols) << 2);
    const orow = out + (<usize>(r * cols) << 2);
    let m: f32 = -Infinity;
    for (let j = 0; j < cols; j++) {
      const v = load<f32>(row + (<usize>j << 2));
      if (v > m || v != v) m = v;
    }
    let sum: f64 = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(<f64>load<f32>(row + (<usize>j << 2)) - <f64>m);
    const lse = Math.log(sum);
    for (let j = 0; j < cols; j++) store<f32>(orow + (<usize>j << 2), <f32>(<f64>load<f32>(row + (<usize>j << 2)) - <f64>m - lse));
  }
}

/** Whether all len floats at b are finite: x·0 is ±0 for finite x and NaN for ±∞ and NaN (four sums, not one chain). */
export function allFinite(b: usize, len: i32): bool {
  const zero = f32x4.splat(0);
  let s0 = zero, s1 = zero, s2 = zero, s3 = zero;
  let i = 0;
  for (; i + 16 <= len; i += 16) {
    const at = b + (<usize>i << 2);
    s0 = f32x4.add(s0, f32x4.mul(v128.load(at), zero));
    s1 = f32x4.add(s1, f32x4.mul(v128.load(at, 16), zero));
    s2 = f32x4.add(s2, f32x4.mul(v128.load(at, 32), zero));
    s3 = f32x4.add(s3, f32x4.mul(v128.load(at, 48), zero));
  }
  const acc = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
  let s: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; i < len; i++) s += load<f32>(b + (<usize>i << 2)) * 0;
  return s == 0;
}
