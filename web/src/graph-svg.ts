/** What the explorer's graphs share: number formatting, reading the inputs, and the SVG pieces (nodes, edges, labels). */
import { setTitle } from './i18n';

/** 4 significant digits for display; the full value goes into data-value. */
export const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(Number(v.toPrecision(4))));

/** Parses "1, 2; 3, 4" into rows; null (and the input flagged) when anything is not a number or the shape is wrong. */
export function readMatrix(input: HTMLInputElement, rows: number, cols: number): number[][] | null {
  const parsed = input.value.split(';').map((r) => r.split(',').map((s) => (s.trim() === '' ? NaN : Number(s))));
  const ok = parsed.length === rows && parsed.every((r) => r.length === cols && r.every(Number.isFinite));
  input.classList.toggle('invalid', !ok);
  if (ok) setTitle(input, null);
  else if (rows > 1) setTitle(input, 'explorer.expectedRows', { rows, cols });
  else setTitle(input, 'explorer.expectedRow', { cols });
  return ok ? parsed : null;
}

export function svgEl(tag: string, attrs: Record<string, string | number>, text?: string): string {
  const a = Object.entries(attrs).map(([k, v]) => `${k}="${v}"`).join(' ');
  return text === undefined ? `<${tag} ${a}/>` : `<${tag} ${a}>${text}</${tag}>`;
}

export const ARROW = '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>';

export const R = 26;

/** A node: its label fits inside the circle (a long one such as ×(−1) is set smaller and fitted to 40 px). */
export function node(cx: number, cy: number, label: string, active: boolean, testid = 'graph-node'): string {
  const long = [...label].length > 3;
  const text = svgEl('text', { x: cx, y: cy + 5, 'text-anchor': 'middle', 'data-testid': testid, ...(long ? { 'font-size': 13, textLength: 40, lengthAdjust: 'spacingAndGlyphs' } : {}) }, label);
  return svgEl('circle', { cx, cy, r: R, fill: active ? '#dbeafe' : 'white', stroke: '#333' }) + text;
}

export function edge(x1: number, y1: number, x2: number, y2: number): string {
  return svgEl('line', { x1, y1, x2, y2, stroke: '#555', 'marker-end': 'url(#arrow)' });
}

/** Text lines (a matrix's rows) centred at (x, y), going up (above an edge) or down (below it). */
export function label(x: number, y: number, lines: string[], up: boolean, attrs: Record<string, string | number>): string {
  const first = up ? y - 14 * (lines.length - 1) : y;
  const spans = lines.map((l, i) => `<tspan x="${x}" y="${first + 14 * i}">${l}</tspan>`).join('');
  return `<text ${Object.entries({ 'text-anchor': 'middle', ...attrs }).map(([k, v]) => `${k}="${v}"`).join(' ')}>${spans}</text>`;
}

/** A layer drawn as the book draws one, a box with its name (e.g. "Softmax"), sized to its text. */
export function box(cx: number, cy: number, name: string, active: boolean, testid = 'graph-box'): string {
  const w = 16 + 8.5 * [...name].length;
  const rect = svgEl('rect', { x: cx - w / 2, y: cy - 20, width: w, height: 40, rx: 4, fill: active ? '#dbeafe' : 'white', stroke: '#333' });
  return rect + svgEl('text', { x: cx, y: cy + 5, 'text-anchor': 'middle', 'font-size': 14, 'data-testid': testid }, name);
}

/** A forward value (black, above) or a gradient (red, below) of an edge, its full value (JSON) in data-value. */
export function valueLabel(x: number, y: number, v: number | readonly number[] | readonly (readonly number[])[] | null, id: string, gradient: boolean): string {
  const lines = v === null ? [''] : typeof v === 'number' ? [fmt(v)] : Array.isArray(v[0]) ? (v as number[][]).map((r) => `[${r.map(fmt).join(', ')}]`) : [`[${(v as number[]).map(fmt).join(', ')}]`];
  const attrs: Record<string, string | number> = { 'data-testid': id, 'data-value': v === null ? '' : JSON.stringify(v) };
  if (gradient) attrs.fill = '#c2410c';
  return label(x, y, lines, !gradient, attrs);
}

/** A polyline with an arrow at its end. */
export function path(points: readonly (readonly [number, number])[]): string {
  return `<polyline points="${points.map((p) => p.join(',')).join(' ')}" fill="none" stroke="#555" marker-end="url(#arrow)"/>`;
}

/** A graph of the explorer that the Forward and Backward buttons step through. */
export interface StepGraph {
  /** Reads its inputs and starts over; false (the bad inputs flagged) when one is not a number of the right shape. */
  reset(): boolean;
  forward(): void;
  backward(): void;
  /** The graph as it stands ('' when its inputs are bad). */
  svg(): string;
}

/** A number from an input; null (and the input flagged) when it is not one. */
export function readNumber(input: HTMLInputElement): number | null {
  const v = input.value.trim() === '' ? NaN : Number(input.value);
  const ok = Number.isFinite(v);
  input.classList.toggle('invalid', !ok);
  setTitle(input, ok ? null : 'explorer.notNumber');
  return ok ? v : null;
}
