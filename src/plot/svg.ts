/**
 * A small SVG writer for line charts in the style of the book's figures: one
 * or more panels side by side, each with axes, ticks, labels and a legend.
 * `trainingPlotSvg` draws the loss per iteration and the accuracy per epoch.
 */

/** One line of a chart: its name and points. */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** A dash pattern such as '6 4'; solid when omitted. */
  readonly dash?: string;
}

/** A line chart for {@link lineChartSvg}: its series, title and axis labels. */
export interface Chart {
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Fixed y range; by default 0 (or the minimum, if negative) to 5% above the maximum. */
  readonly yRange?: readonly [number, number];
  /** Where the legend goes (default top right; accuracy curves want the bottom). */
  readonly legend?: 'top' | 'bottom';
}

/** What {@link trainingPlotSvg} draws: a run's losses and per-epoch accuracies (a {@link TrainResult} fits). */
export interface PlotInput {
  readonly lossHistory: readonly number[];
  /**
   * Per-epoch accuracies, and the validation figures when the run had validation data; a regression
   * run has no accuracies (null), and its R² on the training and validation data is drawn instead.
   */
  readonly history: readonly {
    readonly epoch: number;
    readonly trainAcc: number | null;
    readonly testAcc: number | null;
    readonly train?: { readonly r2?: number };
    readonly validation?: { readonly accuracy?: number; readonly r2?: number } | null;
  }[];
  readonly title?: string;
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

/** Round tick values covering [lo, hi]: steps of 1, 2 or 5 × 10^k. */
export function niceTicks(lo: number, hi: number, target = 5): number[] {
  if (!(hi > lo)) hi = lo + 1;
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmtTick(v: number): string {
  return Math.abs(v) >= 1000 ? `${v / 1000}k` : String(v);
}

/** One panel at (x, y) of size w × h. */
function panel(c: Chart, x0: number, y0: number, w: number, h: number): string {
  const pts = c.series.flatMap((s) => s.points).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const xr: [number, number] = [Math.min(0, ...xs), Math.max(1, ...xs)];
  const yr: [number, number] = c.yRange ? [c.yRange[0], c.yRange[1]] : [Math.min(0, ...ys), Math.max(1e-9, ...ys) * 1.05];
  const sx = (v: number) => x0 + ((v - xr[0]) / (xr[1] - xr[0] || 1)) * w;
  const sy = (v: number) => y0 + h - ((Math.min(Math.max(v, yr[0]), yr[1]) - yr[0]) / (yr[1] - yr[0] || 1)) * h;
  const out: string[] = [`<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="none" stroke="#333"/>`];
  for (const t of niceTicks(xr[0], xr[1])) {
    if (t < xr[0] || t > xr[1]) continue;
    const x = sx(t).toFixed(1);
    out.push(`<line x1="${x}" y1="${y0 + h}" x2="${x}" y2="${y0 + h + 5}" stroke="#333"/>`);
    out.push(`<text x="${x}" y="${y0 + h + 18}" text-anchor="middle">${fmtTick(t)}</text>`);
  }
  for (const t of niceTicks(yr[0], yr[1])) {
    if (t < yr[0] || t > yr[1]) continue;
    const y = sy(t).toFixed(1);
    out.push(`<line x1="${x0}" y1="${y}" x2="${x0 + w}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<line x1="${x0 - 5}" y1="${y}" x2="${x0}" y2="${y}" stroke="#333"/>`);
    out.push(`<text x="${x0 - 8}" y="${Number(y) + 4}" text-anchor="end">${fmtTick(t)}</text>`);
  }
  out.push(`<text x="${x0 + w / 2}" y="${y0 + h + 38}" text-anchor="middle">${esc(c.xLabel)}</text>`);
  out.push(`<text transform="translate(${x0 - 45} ${y0 + h / 2}) rotate(-90)" text-anchor="middle">${esc(c.yLabel)}</text>`);
  c.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const d = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)).map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${d}" fill="none" stroke="${color}" stroke-width="1.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
  });
  if (c.series.length > 1) {
    const lw = 12 + 7 * Math.max(...c.series.map((s) => s.name.length)) + 36;
    const lx = x0 + w - lw - 8;
    const ly = c.legend === 'bottom' ? y0 + h - 18 - 20 * c.series.length : y0 + 10;
    out.push(`<rect x="${lx}" y="${ly}" width="${lw}" height="${8 + 20 * c.series.length}" fill="white" fill-opacity="0.9" stroke="#999"/>`);
    c.series.forEach((s, i) => {
      const color = COLORS[i % COLORS.length]!;
      const y = ly + 18 + 20 * i;
      out.push(`<line x1="${lx + 8}" y1="${y - 4}" x2="${lx + 32}" y2="${y - 4}" stroke="${color}" stroke-width="1.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/><text x="${lx + 38}" y="${y}">${esc(s.name)}</text>`);
    });
  }
  return out.join('\n');
}

/**
 * Line charts side by side as one standalone SVG document.
 *
 * @example
 * ```ts
 * import { lineChartSvg } from 'scratchnet';
 * const svg = lineChartSvg([{ xLabel: 'x', yLabel: 'y', series: [{ name: 'x²', points: [[0, 0], [1, 1], [2, 4]] }] }]);
 * ```
 */
export function lineChartSvg(charts: readonly Chart[], options: { title?: string } = {}): string {
  const w = 340;
  const h = 270;
  const W = charts.length * (w + 120) + 20;
  const H = 380;
  const panels = charts.map((c, i) => panel(c, 70 + i * (w + 120), 40, w, h));
  const title = options.title ? `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(options.title)}</text>` : '';
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    title,
    ...panels,
    `</svg>`,
    '',
  ].join('\n');
}

/** Means of consecutive chunks of `values`, as [iteration, mean] points (at most ~`max` points). */
export function bucketMeans(values: readonly number[], max = 1000): { points: [number, number][]; bucket: number } {
  const bucket = Math.max(1, Math.ceil(values.length / max));
  const points: [number, number][] = [];
  for (let i = 0; i < values.length; i += bucket) {
    const chunk = values.slice(i, i + bucket).filter((v) => Number.isFinite(v));
    if (chunk.length > 0) points.push([i + chunk.length, chunk.reduce((a, b) => a + b, 0) / chunk.length]);
  }
  return { points, bucket };
}

/**
 * The training curves as a standalone SVG document: the loss per iteration
 * (bucket means beyond 1000 points) and train/test/validation accuracy per epoch
 * (0 .. 1), or for regression the R² on the training and validation data.
 *
 * @example
 * ```ts
 * import { trainingPlotSvg } from 'scratchnet';
 * const svg = trainingPlotSvg({ lossHistory: [2.3, 1.2, 0.6], history: [{ epoch: 1, trainAcc: 0.8, testAcc: 0.79 }] });
 * ```
 */
export function trainingPlotSvg(input: PlotInput): string {
  const { points, bucket } = bucketMeans(input.lossHistory);
  const acc: Series[] = [];
  const trained = input.history.filter((e) => e.trainAcc !== null);
  if (trained.length > 0) acc.push({ name: 'train acc', points: trained.map((e) => [e.epoch, e.trainAcc!] as const) });
  const tested = input.history.filter((e) => e.testAcc !== null);
  if (tested.length > 0) acc.push({ name: 'test acc', points: tested.map((e) => [e.epoch, e.testAcc!] as const), dash: '6 4' });
  const validated = input.history.filter((e) => e.validation?.accuracy !== undefined);
  if (validated.length > 0) acc.push({ name: 'validation acc', points: validated.map((e) => [e.epoch, e.validation!.accuracy!] as const), dash: '2 3' });
  const r2: Series[] = [];
  const fitted = input.history.filter((e) => e.train?.r2 !== undefined);
  if (fitted.length > 0) r2.push({ name: 'train R²', points: fitted.map((e) => [e.epoch, e.train!.r2!] as const) });
  const validR2 = input.history.filter((e) => e.validation?.r2 !== undefined);
  if (validR2.length > 0) r2.push({ name: 'validation R²', points: validR2.map((e) => [e.epoch, e.validation!.r2!] as const), dash: '2 3' });
  const loss: Chart = { xLabel: 'iteration', yLabel: bucket > 1 ? `loss (mean of ${bucket} iterations)` : 'loss', series: [{ name: 'loss', points }] };
  const second: Chart[] = acc.length > 0 ? [{ xLabel: 'epochs', yLabel: 'accuracy', series: acc, yRange: [0, 1], legend: 'bottom' }] : r2.length > 0 ? [{ xLabel: 'epochs', yLabel: 'R² (below 0 drawn at 0)', series: r2, yRange: [0, 1], legend: 'bottom' }] : [];
  return lineChartSvg([loss, ...second], input.title === undefined ? {} : { title: input.title });
}
