/**
 * A scatter plot as SVG, for data in two dimensions: points coloured by class,
 * the classes a model gives over the plane drawn behind them (decision regions,
 * as in the book's spiral figure), and curves such as a fitted function.
 */
import { niceTicks, type Series } from './svg.js';

/** One point: where it is, and its class (the colour; none for a single series). */
export interface ScatterPoint {
  readonly x: number;
  readonly y: number;
  readonly group?: number;
}

/** A model's answer over a grid of the plane: `groups[r * columns + c]` for the cell in row r (from the top) and column c. */
export interface Regions {
  readonly columns: number;
  readonly rows: number;
  readonly groups: ArrayLike<number>;
}

/** What {@link scatterSvg} draws. */
export interface ScatterInput {
  readonly points: readonly ScatterPoint[];
  readonly xRange: readonly [number, number];
  readonly yRange: readonly [number, number];
  /** Drawn first, faintly, over the whole plot area. */
  readonly regions?: Regions;
  /** Curves drawn over the points. */
  readonly lines?: readonly Series[];
  /** Legend names of the groups (class names). */
  readonly groupNames?: readonly string[];
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly title?: string;
  /** The corner of the legend (default top right). */
  readonly legend?: 'top-right' | 'top-left' | 'bottom-right';
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * A standalone SVG scatter plot with optional decision regions and curves.
 *
 * @example
 * ```ts
 * import { scatterSvg } from 'scratchnet';
 * const svg = scatterSvg({
 *   points: [{ x: 0, y: 0, group: 0 }, { x: 1, y: 1, group: 1 }],
 *   xRange: [-0.5, 1.5], yRange: [-0.5, 1.5],
 *   regions: { columns: 2, rows: 2, groups: [0, 1, 0, 1] },     // left half class 0, right half class 1
 *   groupNames: ['no', 'yes'],
 * });
 * ```
 */
export function scatterSvg(input: ScatterInput): string {
  const [W, H, x0, y0, w, h] = [520, 470, 70, 40, 400, 360];
  const [xa, xb] = input.xRange;
  const [ya, yb] = input.yRange;
  const sx = (v: number) => x0 + ((v - xa) / (xb - xa || 1)) * w;
  const sy = (v: number) => y0 + h - ((v - ya) / (yb - ya || 1)) * h;
  const out: string[] = [];
  const r = input.regions;
  if (r !== undefined) {
    const cw = w / r.columns;
    const ch = h / r.rows;
    for (let i = 0; i < r.rows; i++) {
      for (let j = 0; j < r.columns; j++) {
        const g = r.groups[i * r.columns + j]!;
        out.push(`<rect x="${(x0 + j * cw).toFixed(1)}" y="${(y0 + i * ch).toFixed(1)}" width="${(cw + 0.3).toFixed(1)}" height="${(ch + 0.3).toFixed(1)}" fill="${COLORS[g % COLORS.length]}" fill-opacity="0.18"/>`);
      }
    }
  }
  out.push(`<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="none" stroke="#333"/>`);
  for (const t of niceTicks(xa, xb)) {
    if (t < xa || t > xb) continue;
    out.push(`<line x1="${sx(t).toFixed(1)}" y1="${y0 + h}" x2="${sx(t).toFixed(1)}" y2="${y0 + h + 5}" stroke="#333"/><text x="${sx(t).toFixed(1)}" y="${y0 + h + 18}" text-anchor="middle">${t}</text>`);
  }
  for (const t of niceTicks(ya, yb)) {
    if (t < ya || t > yb) continue;
    out.push(`<line x1="${x0 - 5}" y1="${sy(t).toFixed(1)}" x2="${x0}" y2="${sy(t).toFixed(1)}" stroke="#333"/><text x="${x0 - 8}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${t}</text>`);
  }
  if (input.xLabel) out.push(`<text x="${x0 + w / 2}" y="${y0 + h + 38}" text-anchor="middle">${esc(input.xLabel)}</text>`);
  if (input.yLabel) out.push(`<text transform="translate(${x0 - 45} ${y0 + h / 2}) rotate(-90)" text-anchor="middle">${esc(input.yLabel)}</text>`);
  const inside = (p: ScatterPoint) => Number.isFinite(p.x) && Number.isFinite(p.y) && p.x >= xa && p.x <= xb && p.y >= ya && p.y <= yb;
  for (const p of input.points.filter(inside)) {
    out.push(`<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="4" fill="${COLORS[(p.group ?? 0) % COLORS.length]}" stroke="white" stroke-width="0.5"/>`);
  }
  (input.lines ?? []).forEach((s, i) => {
    const d = s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)).map(([x, y]) => `${sx(x).toFixed(1)},${sy(Math.min(Math.max(y, ya), yb)).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${d}" fill="none" stroke="${i === 0 ? '#d62728' : COLORS[(i + 3) % COLORS.length]}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
  });
  const legend = [...(input.groupNames ?? []).map((n, g) => ({ name: n, color: COLORS[g % COLORS.length]!, line: false })), ...(input.lines ?? []).map((s, i) => ({ name: s.name, color: i === 0 ? '#d62728' : COLORS[(i + 3) % COLORS.length]!, line: true }))];
  if (legend.length > 0) {
    const lw = 40 + 7 * Math.max(...legend.map((l) => l.name.length));
    const lx = input.legend === 'top-left' ? x0 + 8 : x0 + w - lw - 8;
    const ly = input.legend === 'bottom-right' ? y0 + h - 16 - 20 * legend.length : y0 + 8;
    out.push(`<rect x="${lx}" y="${ly}" width="${lw}" height="${8 + 20 * legend.length}" fill="white" fill-opacity="0.9" stroke="#999"/>`);
    legend.forEach((l, i) => {
      const y = ly + 18 + 20 * i;
      const mark = l.line ? `<line x1="${lx + 8}" y1="${y - 4}" x2="${lx + 24}" y2="${y - 4}" stroke="${l.color}" stroke-width="2"/>` : `<circle cx="${lx + 16}" cy="${y - 4}" r="4" fill="${l.color}"/>`;
      out.push(`${mark}<text x="${lx + 30}" y="${y}">${esc(l.name)}</text>`);
    });
  }
  const title = input.title ? `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(input.title)}</text>` : '';
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    title,
    ...out,
    '</svg>',
    '',
  ].join('\n');
}
