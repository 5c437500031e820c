// The few numpy and Python habits the book's scripts print with or compute with, in plain JavaScript.

/** np.arange(start, stop, step): start + i·step while below stop, as numpy computes it. */
export function arange(start, stop, step) {
  const n = Math.ceil((stop - start) / step);
  return Float64Array.from({ length: n }, (_, i) => start + i * step);
}

/** A shape as Python prints a tuple: (784,) or (28, 28). */
export function shapeStr(shape) {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** How numpy prints a float array (precision 8, numbers padded to one width), e.g. [[ 0.2192 -0.36 ]]. */
export function arrayStr(values, shape) {
  const xs = Array.from(values);
  const finite = xs.filter((v) => Number.isFinite(v) && v !== 0).map(Math.abs);
  const max = finite.length ? Math.max(...finite) : 0;
  const min = finite.length ? Math.min(...finite) : 0;
  const sci = max >= 1e8 || (min > 0 && (min < 1e-4 || max / min > 1e3));
  let cells;
  if (sci) {
    const digits = Math.min(8, Math.max(...xs.map((v) => (v === 0 ? 0 : Number(v.toExponential(8)).toExponential().split('e')[0].replace(/^-?\d\.?/, '').length))));
    cells = xs.map((v) => v.toExponential(digits).replace(/e([+-])(\d)$/, 'e$10$2'));
  } else {
    const decimals = Math.max(...xs.map((v) => { const s = String(Number(v.toFixed(8))); return s.includes('.') ? s.split('.')[1].length : 0; }));
    cells = xs.map((v) => { const s = String(Number(v.toFixed(8))); const [i, f = ''] = s.split('.'); return `${i}.${f.padEnd(decimals, ' ')}`; });
  }
  const width = Math.max(...cells.map((c) => c.length)) + (xs.some((v) => v < 0) && !cells.some((c) => c.startsWith('-') && c.length === Math.max(...cells.map((d) => d.length))) ? 1 : 0);
  const padded = cells.map((c) => c.padStart(width, ' '));
  const nest = (dims, offset, depth) => {
    if (dims.length === 1) return `[${padded.slice(offset, offset + dims[0]).join(' ')}]`;
    const step = dims.slice(1).reduce((a, b) => a * b, 1);
    return `[${Array.from({ length: dims[0] }, (_, k) => nest(dims.slice(1), offset + k * step, depth + 1)).join(`\n${' '.repeat(depth + 1)}`)}]`;
  };
  return nest(shape, 0, 0);
}

/** The book's smooth_curve (common/util.py): a Kaiser window of 11 (β = 2), mirrored at both ends. */
export function smoothCurve(x) {
  const n = 11;
  const i0 = (v) => { let s = 1; let t = 1; for (let k = 1; k < 30; k++) { t *= (v / (2 * k)) ** 2; s += t; } return s; };
  const w = Array.from({ length: n }, (_, k) => i0(2 * Math.sqrt(1 - ((2 * k) / (n - 1) - 1) ** 2)) / i0(2));
  const total = w.reduce((a, b) => a + b, 0);
  const s = [...x.slice(1, n).reverse(), ...x, ...x.slice(-n, -1).reverse()];
  const y = [];
  for (let k = 0; k + n <= s.length; k++) { let acc = 0; for (let j = 0; j < n; j++) acc += (w[j] / total) * s[k + j]; y.push(acc); }
  return y.slice(5, y.length - 5);
}

/** The float16 value nearest to v (round half to even), as numpy's astype(np.float16) rounds. */
export function toFloat16(v) {
  if (!Number.isFinite(v) || v === 0) return v;
  const a = Math.abs(v);
  if (a >= 65520) return Math.sign(v) * Infinity;
  const exp = Math.max(Math.floor(Math.log2(a)), -14);
  const quantum = 2 ** (exp - 10);
  const q = a / quantum;
  let r = Math.round(q);
  if (Math.abs(q - Math.trunc(q) - 0.5) < 1e-12 && r % 2 === 1) r -= 1; // ties to even
  return Math.sign(v) * r * quantum;
}

/** A float as Python's str() prints it: 1.0 for integers, 1e-05 below 1e-4, else the shortest repr. */
export function pyFloat(x) {
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
  if (x !== 0 && Number.isFinite(x) && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e16)) return x.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(x);
}

/** np.logspace(start, stop, num): 10 ** each point of np.linspace(start, stop, num), whole powers exact. */
export function logspace(start, stop, num) {
  return Array.from({ length: num }, (_, i) => {
    const y = i === num - 1 ? stop : start + (i * (stop - start)) / (num - 1);
    return Number.isInteger(y) ? Number(`1e${y}`) : 10 ** y;
  });
}
