// Figures the library's line charts do not draw: arrows (quiver), point paths, contour lines,
// histograms and grids of small panels, as SVG in the style of src/plot (axes, ticks, legend).
import { niceTicks } from 'scratchnet';

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (v) => (Math.abs(v) >= 1000 ? `${v / 1000}k` : String(v));

/**
 * One panel: { title, x: [lo, hi], y: [lo, hi], xLabel, yLabel, ticks (default true), legend,
 *   lines: [{ points: [[x, y]...], color, dash, name, markers }],
 *   arrows: [{ x, y, dx, dy }], bars: [{ x0, x1, h }], segments: [[x1, y1, x2, y2]...] (contours), marks: [[x, y]] ('+') }.
 */
function panel(p, x0, y0, w, h, id) {
  const [xa, xb] = p.x;
  const [ya, yb] = p.y;
  const sx = (v) => x0 + ((v - xa) / (xb - xa)) * w;
  const sy = (v) => y0 + h - ((v - ya) / (yb - ya)) * h;
  const out = [`<clipPath id="c${id}"><rect x="${x0}" y="${y0}" width="${w}" height="${h}"/></clipPath>`];
  if (p.title) out.push(`<text x="${x0 + w / 2}" y="${y0 - 6}" text-anchor="middle">${esc(p.title)}</text>`);
  if (p.ticks !== false) {
    for (const t of niceTicks(xa, xb, w < 200 ? 3 : 5)) {
      if (t < xa || t > xb) continue;
      out.push(`<line x1="${sx(t).toFixed(1)}" y1="${y0 + h}" x2="${sx(t).toFixed(1)}" y2="${y0 + h + 4}" stroke="#333"/><text x="${sx(t).toFixed(1)}" y="${y0 + h + 16}" text-anchor="middle">${fmt(t)}</text>`);
    }
    for (const t of niceTicks(ya, yb, h < 150 ? 3 : 5)) {
      if (t < ya || t > yb) continue;
      out.push(`<line x1="${x0}" y1="${sy(t).toFixed(1)}" x2="${x0 + w}" y2="${sy(t).toFixed(1)}" stroke="#eee"/><line x1="${x0 - 4}" y1="${sy(t).toFixed(1)}" x2="${x0}" y2="${sy(t).toFixed(1)}" stroke="#333"/><text x="${x0 - 6}" y="${(sy(t) + 4).toFixed(1)}" text-anchor="end">${fmt(t)}</text>`);
    }
  }
  if (p.xLabel) out.push(`<text x="${x0 + w / 2}" y="${y0 + h + 34}" text-anchor="middle">${esc(p.xLabel)}</text>`);
  if (p.yLabel) out.push(`<text transform="translate(${x0 - 40} ${y0 + h / 2}) rotate(-90)" text-anchor="middle">${esc(p.yLabel)}</text>`);
  const g = [];
  for (const b of p.bars ?? []) g.push(`<rect x="${sx(b.x0).toFixed(1)}" y="${sy(b.h).toFixed(1)}" width="${Math.max(0, sx(b.x1) - sx(b.x0) - 0.5).toFixed(1)}" height="${(sy(ya) - sy(b.h)).toFixed(1)}" fill="${COLORS[0]}"/>`);
  for (const [a, b, c, d] of p.segments ?? []) g.push(`<line x1="${sx(a).toFixed(1)}" y1="${sy(b).toFixed(1)}" x2="${sx(c).toFixed(1)}" y2="${sy(d).toFixed(1)}" stroke="#8fb8d8" stroke-width="1"/>`);
  for (const a of p.arrows ?? []) {
    const [x1, y1, x2, y2] = [sx(a.x), sy(a.y), sx(a.x + a.dx), sy(a.y + a.dy)];
    const len = Math.hypot(x2 - x1, y2 - y1);
    if (len < 0.5) continue;
    const [ux, uy] = [(x2 - x1) / len, (y2 - y1) / len];
    const head = Math.min(5, len / 2);
    g.push(`<path d="M${x1.toFixed(1)},${y1.toFixed(1)} L${x2.toFixed(1)},${y2.toFixed(1)} M${(x2 - head * ux - head * 0.5 * uy).toFixed(1)},${(y2 - head * uy + head * 0.5 * ux).toFixed(1)} L${x2.toFixed(1)},${y2.toFixed(1)} L${(x2 - head * ux + head * 0.5 * uy).toFixed(1)},${(y2 - head * uy - head * 0.5 * ux).toFixed(1)}" stroke="#666" fill="none" stroke-width="1"/>`);
  }
  (p.lines ?? []).forEach((l, i) => {
    const color = l.color ?? COLORS[i % COLORS.length];
    const pts = l.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)).map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`);
    if (l.line !== false) g.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="1.5"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''}/>`);
    if (l.markers) for (const pt of pts) { const [x, y] = pt.split(','); g.push(`<circle cx="${x}" cy="${y}" r="3" fill="${color}"/>`); }
  });
  for (const [x, y] of p.marks ?? []) g.push(`<path d="M${sx(x) - 6},${sy(y)} h12 M${sx(x)},${sy(y) - 6} v12" stroke="#2ca02c" stroke-width="1.5"/>`);
  out.push(`<g clip-path="url(#c${id})">${g.join('')}</g>`, `<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="none" stroke="#333"/>`);
  const named = (p.lines ?? []).map((l, i) => [l, i]).filter(([l]) => l.name);
  if (named.length > 0 && p.legend !== false) {
    const lw = 44 + 7 * Math.max(...named.map(([l]) => l.name.length));
    const lx = x0 + w - lw - 6;
    const ly = p.legend === 'bottom' ? y0 + h - 10 - 18 * named.length : y0 + 6;
    out.push(`<rect x="${lx}" y="${ly}" width="${lw}" height="${6 + 18 * named.length}" fill="white" fill-opacity="0.9" stroke="#999"/>`);
    named.forEach(([l, i], k) => {
      const y = ly + 16 + 18 * k;
      const color = l.color ?? COLORS[i % COLORS.length];
      out.push(`<line x1="${lx + 6}" y1="${y - 4}" x2="${lx + 30}" y2="${y - 4}" stroke="${color}" stroke-width="1.5"${l.dash ? ` stroke-dasharray="${l.dash}"` : ''}/><text x="${lx + 36}" y="${y}">${esc(l.name)}</text>`);
    });
  }
  return out.join('\n');
}

/** Panels in a grid of `cols` columns as one SVG document; `size` is each panel's [width, height]. */
export function figureSvg(panels, { cols = panels.length, size = [340, 260], title } = {}) {
  const [w, h] = size;
  const rows = Math.ceil(panels.length / cols);
  const cellW = w + 80;
  const cellH = h + 70;
  const W = cols * cellW + 20;
  const H = rows * cellH + (title ? 40 : 20);
  const top = title ? 40 : 20;
  const body = panels.map((p, i) => panel(p, 60 + (i % cols) * cellW, top + 10 + Math.floor(i / cols) * cellH, w, h, i));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    title ? `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15">${esc(title)}</text>` : '',
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Contour line segments of z (ny rows × nx columns over the grid xs × ys) at each level: marching squares. */
export function contourSegments(xs, ys, z, levels) {
  const nx = xs.length;
  const segs = [];
  const lerp = (a, b, va, vb, lv) => a + ((lv - va) / (vb - va)) * (b - a);
  for (const lv of levels) {
    for (let j = 0; j + 1 < ys.length; j++) {
      for (let i = 0; i + 1 < nx; i++) {
        const v = [z[j * nx + i], z[j * nx + i + 1], z[(j + 1) * nx + i + 1], z[(j + 1) * nx + i]]; // corners counter-clockwise
        const c = [[xs[i], ys[j]], [xs[i + 1], ys[j]], [xs[i + 1], ys[j + 1]], [xs[i], ys[j + 1]]];
        const cross = [];
        for (let e = 0; e < 4; e++) {
          const a = e;
          const b = (e + 1) % 4;
          if ((v[a] < lv) !== (v[b] < lv)) cross.push([lerp(c[a][0], c[b][0], v[a], v[b], lv), lerp(c[a][1], c[b][1], v[a], v[b], lv)]);
        }
        for (let k = 0; k + 1 < cross.length; k += 2) segs.push([...cross[k], ...cross[k + 1]]);
      }
    }
  }
  return segs;
}
