/**
 * Math.log differs in the last bit between JavaScript engines. The random
 * number generator must give the same numbers everywhere, so it uses this
 * logarithm built only from IEEE-754 +, −, ×, ÷ (which are exact-rounded on
 * every platform).
 */
const view = new DataView(new ArrayBuffer(8));
const LN2_HI = 6.93147180369123816490e-1; // upper bits of ln 2
const LN2_LO = 1.90821492927058770002e-10; // ln 2 − LN2_HI
const SQRT2 = 1.4142135623730951;

/** Natural logarithm of a positive finite x, bit-identical on every engine. */
export function portableLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) {
    if (x === 0) return -Infinity;
    return x === Infinity ? Infinity : NaN;
  }
  let e = 0;
  if (x < 2.2250738585072014e-308) {
    // subnormal: scale into the normal range first (exact)
    x *= 18014398509481984; // 2^54
    e -= 54;
  }
  view.setFloat64(0, x, true);
  const hi = view.getUint32(4, true);
  e += ((hi >>> 20) & 0x7ff) - 1023;
  // replace the exponent with 0 so m lies in [1, 2)
  view.setUint32(4, (hi & 0x800fffff) | 0x3ff00000, true);
  let m = view.getFloat64(0, true);
  if (m > SQRT2) {
    m /= 2;
    e += 1;
  }
  // ln m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + ...) with s = (m − 1)/(m + 1), |s| ≤ 0.172
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let poly = 1 / 27;
  for (let k = 25; k >= 1; k -= 2) poly = 1 / k + s2 * poly;
  const lnM = 2 * s * poly;
  return e * LN2_HI + (e * LN2_LO + lnM);
}
