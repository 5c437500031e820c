/**
 * A small SVG writer for the training curves, in the style of the book's
 * figures: the loss per iteration on the left, train and test accuracy per
 * epoch on the right, with axes, ticks, labels and a legend.
 */

export interface PlotInput {
  readonly lossHistory: readonly number[];
  readonly history: readonly { readonly epoch: number; readonly trainAcc: number; readonly testAcc: number | null }[];
  readonly title?: string;
}

interface Panel {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

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

/** Axes, ticks, grid and labels of one panel; returns the SVG and the data → pixel maps. */
function axes(p: Panel, xr: [number, number], yr: [number, number], xLabel: string, yLabel: string) {
  const sx = (v: number) => p.x + ((v - xr[0]) / (xr[1] - xr[0] || 1)) * p.w;
  const sy = (v: number) => p.y + p.h - ((v - yr[0]) / (yr[1] - yr[0] || 1)) * p.h;
  const out: string[] = [`<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" fill="none" stroke="#333"/>`];
  for (const t of niceTicks(xr[0], xr[1])) {
    if (t < xr[0] || t > xr[1]) continue;
    const x = sx(t).toFixed(1);
    out.push(`<line x1="${x}" y1="${p.y + p.h}" x2="${x}" y2="${p.y + p.h + 5}" stroke="#333"/>`);
    out.push(`<text x="${x}" y="${p.y + p.h + 18}" text-anchor="middle">${fmtTick(t)}</text>`);
  }
  for (const t of niceTicks(yr[0], yr[1])) {
    if (t < yr[0] || t > yr[1]) continue;
    const y = sy(t).toFixed(1);
    out.push(`<line x1="${p.x}" y1="${y}" x2="${p.x + p.w}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<line x1="${p.x - 5}" y1="${y}" x2="${p.x}" y2="${y}" stroke="#333"/>`);
    out.push(`<text x="${p.x - 8}" y="${Number(y) + 4}" text-anchor="end">${fmtTick(t)}</text>`);
  }
  out.push(`<text x="${p.x + p.w / 2}" y="${p.y + p.h + 38}" text-anchor="middle">${esc(xLabel)}</text>`);
  out.push(`<text transform="translate(${p.x - 45} ${p.y + p.h / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  return { svg: out.join('\n'), sx, sy };
}

function polyline(points: [number, number][], color: string, dash = ''): string {
  const d = points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  return `<polyline points="${d}" fill="none" stroke="${color}" stroke-width="1.5"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
}

/**
 * The training curves as a standalone SVG document.
 *
 * @example
 * ```ts
 * import { trainingPlotSvg } from 'scratchnet';
 * const svg = trainingPlotSvg({ lossHistory: [2.3, 1.2, 0.6], history: [{ epoch: 1, trainAcc: 0.8, testAcc: 0.79 }] });
 * ```
 */
export function trainingPlotSvg(input: PlotInput): string {
  const W = 900;
  const H = 380;
  const left: Panel = { x: 70, y: 40, w: 340, h: 270 };
  const right: Panel = { x: 530, y: 40, w: 340, h: 270 };
  const parts: string[] = [];

  // loss: bucket means when there are more points than pixels
  const losses = input.lossHistory.filter((v) => Number.isFinite(v));
  const bucket = Math.max(1, Math.ceil(input.lossHistory.length / 1000));
  const pts: [number, number][] = [];
  for (let i = 0; i < input.lossHistory.length; i += bucket) {
    const chunk = input.lossHistory.slice(i, i + bucket).filter((v) => Number.isFinite(v));
    if (chunk.length > 0) pts.push([i + chunk.length, chunk.reduce((a, b) => a + b, 0) / chunk.length]);
  }
  const maxLoss = losses.length > 0 ? Math.max(...pts.map((p) => p[1])) : 1;
  const lossAxes = axes(left, [0, Math.max(1, input.lossHistory.length)], [0, Math.max(maxLoss, 1e-9) * 1.05], 'iteration', bucket > 1 ? `loss (mean of ${bucket} iterations)` : 'loss');
  parts.push(lossAxes.svg, polyline(pts.map(([x, y]) => [lossAxes.sx(x), lossAxes.sy(y)]), '#1f77b4'));

  // accuracy per epoch, 0 .. 1 as the book's figure
  const epochs = input.history;
  const accAxes = axes(right, [0, Math.max(1, epochs.length)], [0, 1], 'epochs', 'accuracy');
  parts.push(accAxes.svg);
  parts.push(polyline(epochs.map((e) => [accAxes.sx(e.epoch), accAxes.sy(e.trainAcc)]), '#1f77b4'));
  const withTest = epochs.filter((e) => e.testAcc !== null);
  if (withTest.length > 0) parts.push(polyline(withTest.map((e) => [accAxes.sx(e.epoch), accAxes.sy(e.testAcc!)]), '#ff7f0e', '6 4'));
  const lx = right.x + right.w - 120;
  const ly = right.y + right.h - 50;
  parts.push(`<rect x="${lx - 8}" y="${ly - 14}" width="120" height="${withTest.length > 0 ? 44 : 24}" fill="white" stroke="#999"/>`);
  parts.push(`<line x1="${lx}" y1="${ly - 4}" x2="${lx + 24}" y2="${ly - 4}" stroke="#1f77b4" stroke-width="1.5"/><text x="${lx + 30}" y="${ly}">train acc</text>`);
  if (withTest.length > 0) {
    parts.push(`<line x1="${lx}" y1="${ly + 16}" x2="${lx + 24}" y2="${ly + 16}" stroke="#ff7f0e" stroke-width="1.5" stroke-dasharray="6 4"/><text x="${lx + 30}" y="${ly + 20}">test acc</text>`);
  }
  const title = input.title ? `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(input.title)}</text>` : '';
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    title,
    ...parts,
    `</svg>`,
    '',
  ].join('\n');
}
