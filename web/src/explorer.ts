import { Affine, SigmoidGraph, Sigmoid, Tensor } from '../../src/browser';
import { onLanguageChange, setPlain, setText, setTitle, t } from './i18n';

/** 4 significant digits for display; the full value goes into data-value. */
const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : String(Number(v.toPrecision(4))));

/** Parses "1, 2; 3, 4" into rows; null (and the input flagged) when anything is not a number or the shape is wrong. */
function readMatrix(input: HTMLInputElement, rows: number, cols: number): number[][] | null {
  const parsed = input.value.split(';').map((r) => r.split(',').map((s) => (s.trim() === '' ? NaN : Number(s))));
  const ok = parsed.length === rows && parsed.every((r) => r.length === cols && r.every(Number.isFinite));
  input.classList.toggle('invalid', !ok);
  if (ok) setTitle(input, null);
  else if (rows > 1) setTitle(input, 'explorer.expectedRows', { rows, cols });
  else setTitle(input, 'explorer.expectedRow', { cols });
  return ok ? parsed : null;
}

interface AffineState {
  X: Tensor;
  /** The gradient that arrives at Y in the backward pass (the affine-dy input). */
  dYIn: Tensor;
  W: Tensor;
  B: Tensor;
  layer: Affine;
  XW: Tensor | null;
  Y: Tensor | null;
  dY: Tensor | null;
  dX: Tensor | null;
  forward: number;
  backward: number;
}

function svgEl(tag: string, attrs: Record<string, string | number>, text?: string): string {
  const a = Object.entries(attrs).map(([k, v]) => `${k}="${v}"`).join(' ');
  return text === undefined ? `<${tag} ${a}/>` : `<${tag} ${a}>${text}</${tag}>`;
}

const ARROW = '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>';

const R = 26;

/** A node: its label fits inside the circle (a long one such as ×(−1) is set smaller and fitted to 40 px). */
function node(cx: number, cy: number, label: string, active: boolean): string {
  const long = [...label].length > 3;
  const text = svgEl('text', { x: cx, y: cy + 5, 'text-anchor': 'middle', 'data-testid': 'graph-node', ...(long ? { 'font-size': 13, textLength: 40, lengthAdjust: 'spacingAndGlyphs' } : {}) }, label);
  return svgEl('circle', { cx, cy, r: R, fill: active ? '#dbeafe' : 'white', stroke: '#333' }) + text;
}

function edge(x1: number, y1: number, x2: number, y2: number): string {
  return svgEl('line', { x1, y1, x2, y2, stroke: '#555', 'marker-end': 'url(#arrow)' });
}

/** Text lines (a matrix's rows) centred at (x, y), going up (above an edge) or down (below it). */
function label(x: number, y: number, lines: string[], up: boolean, attrs: Record<string, string | number>): string {
  const first = up ? y - 14 * (lines.length - 1) : y;
  const spans = lines.map((l, i) => `<tspan x="${x}" y="${first + 14 * i}">${l}</tspan>`).join('');
  return `<text ${Object.entries({ 'text-anchor': 'middle', ...attrs }).map(([k, v]) => `${k}="${v}"`).join(' ')}>${spans}</text>`;
}

function drawSigmoid(g: SigmoidGraph): string {
  const cx = (k: number) => 170 + 150 * k; // node k = 0 .. 3
  const ends: [number, number][] = [[40, cx(0) - 28], [cx(0) + 26, cx(1) - 28], [cx(1) + 26, cx(2) - 28], [cx(2) + 26, cx(3) - 28], [cx(3) + 26, cx(3) + 130]];
  const parts = [ARROW, svgEl('text', { x: 20, y: 85 }, 'x'), svgEl('text', { x: cx(3) + 140, y: 85 }, 'y')];
  ends.forEach(([a, b], i) => {
    parts.push(edge(a, 80, b, 80));
    const v = g.values[i];
    const d = g.grads[i];
    parts.push(label((a + b) / 2, 68, [v === null ? '' : fmt(v)], true, { 'data-testid': `sigmoid-value-${i}`, 'data-value': v ?? '' }));
    parts.push(label((a + b) / 2, 100, [d === null ? '' : fmt(d)], false, { fill: '#c2410c', 'data-testid': `sigmoid-grad-${i}`, 'data-value': d ?? '' }));
  });
  SigmoidGraph.NODES.forEach((name, k) => parts.push(node(cx(k), 80, name, k < g.forwardSteps)));
  return `<svg width="820" height="120" viewBox="0 0 820 120">${parts.join('')}</svg>`;
}

function drawAffine(s: AffineState): string {
  const rows = (t: Tensor | null) => (t === null ? [''] : t.ndim === 1 ? [`[${[...t.data].map(fmt).join(', ')}]`] : (t.toArray() as number[][]).map((r) => `[${r.map(fmt).join(', ')}]`));
  const json = (t: Tensor | null) => (t === null ? '' : JSON.stringify(t.toArray()));
  const fwd = (t: Tensor | null, id: string, x: number, y: number) => label(x, y, rows(t), true, { 'data-testid': id, 'data-value': json(t) });
  const back = (t: Tensor | null, id: string, x: number, y: number) => label(x, y, rows(t), false, { fill: '#c2410c', 'data-testid': id, 'data-value': json(t) });
  const dot = [330, 120];
  const plus = [600, 120];
  const poly = (pts: number[][]) => `<polyline points="${pts.map((p) => p.join(',')).join(' ')}" fill="none" stroke="#555" marker-end="url(#arrow)"/>`;
  const parts = [
    ARROW,
    poly([[80, 72], [240, 72], [dot[0]! - 24, dot[1]! - 10]]), poly([[80, 182], [240, 182], [dot[0]! - 24, dot[1]! + 10]]),
    edge(dot[0]! + 26, 120, plus[0]! - 28, 120), edge(plus[0]!, 235, plus[0]!, plus[1]! + 28), edge(plus[0]! + 26, 120, 820, 120),
    node(dot[0]!, dot[1]!, 'dot', s.forward >= 1), node(plus[0]!, plus[1]!, '+', s.forward >= 2),
    svgEl('text', { x: 10, y: 76 }, 'X (2×2)'), svgEl('text', { x: 10, y: 186 }, 'W (2×3)'),
    svgEl('text', { x: plus[0]! - 18, y: 255 }, 'B (3)'), svgEl('text', { x: 828, y: 124 }, 'Y (2×3)'),
    fwd(s.X, 'affine-X', 160, 62), back(s.backward >= 2 ? s.dX : null, 'affine-dX', 160, 90),
    fwd(s.W, 'affine-W', 160, 172), back(s.backward >= 2 ? s.layer.grads.W : null, 'affine-dW', 160, 200),
    fwd(s.forward >= 1 ? s.XW : null, 'affine-XW', 465, 105), back(s.backward >= 1 ? s.dY : null, 'affine-dXW', 465, 140),
    fwd(s.B, 'affine-B', plus[0]! - 80, 205), back(s.backward >= 1 ? s.layer.grads.b : null, 'affine-dB', plus[0]! + 70, 205),
    fwd(s.forward >= 2 ? s.Y : null, 'affine-Y', 730, 105), back(s.backward >= 1 ? s.dY : null, 'affine-dY', 730, 140),
  ];
  return `<svg width="920" height="270" viewBox="0 0 920 270">${parts.join('')}</svg>`;
}

export function initExplorer(): void {
  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const xIn = $<HTMLInputElement>('sigmoid-x');
  const doutIn = $<HTMLInputElement>('sigmoid-dout');
  let graph: SigmoidGraph | null = null;
  let affine: AffineState | null = null;

  const readNumber = (input: HTMLInputElement): number | null => {
    const v = input.value.trim() === '' ? NaN : Number(input.value);
    const ok = Number.isFinite(v);
    input.classList.toggle('invalid', !ok);
    setTitle(input, ok ? null : 'explorer.notNumber');
    return ok ? v : null;
  };
  /** The error line of a graph: the request to fix its inputs, or nothing. */
  const flag = (id: string, bad: boolean) => (bad ? setText($(id), 'explorer.fix') : setPlain($(id), ''));

  // each graph has its own inputs: a bad one hides only its graph
  const resetSigmoid = () => {
    const x = readNumber(xIn);
    const dout = readNumber(doutIn);
    const bad = x === null || dout === null;
    flag('sigmoid-error', bad);
    graph = bad ? null : new SigmoidGraph(x);
  };
  const resetAffine = () => {
    const X = readMatrix($('affine-x'), 2, 2);
    const W = readMatrix($('affine-w'), 2, 3);
    const B = readMatrix($('affine-b'), 1, 3);
    const dY = readMatrix($('affine-dy'), 2, 3);
    const bad = [X, W, B, dY].some((v) => v === null);
    flag('affine-error', bad);
    if (bad) {
      affine = null;
      return;
    }
    const w = Tensor.from(W!, { dtype: 'float64' });
    const b = Tensor.from(B![0]!, { dtype: 'float64' });
    affine = { X: Tensor.from(X!, { dtype: 'float64' }), dYIn: Tensor.from(dY!, { dtype: 'float64' }), W: w, B: b, layer: new Affine(w, b), XW: null, Y: null, dY: null, dX: null, forward: 0, backward: 0 };
  };
  const reset = () => {
    resetSigmoid();
    resetAffine();
    render();
  };

  const render = () => {
    $('graph-sigmoid').innerHTML = graph ? drawSigmoid(graph) : '';
    $('graph-affine').innerHTML = affine ? drawAffine(affine) : '';
    const simple = $('sigmoid-simple');
    if (graph && graph.backwardSteps === 4) {
      // the simplified node: the Sigmoid layer keeps only y and computes dout·y·(1 − y)
      const layer = new Sigmoid();
      const y = layer.forward(Tensor.from([graph.values[0]!], { dtype: 'float64' })).data[0]!;
      const dx = layer.backward(Tensor.from([graph.grads[4]!], { dtype: 'float64' })).data[0]!;
      const same = Math.abs(dx - graph.grads[0]!) <= 1e-12 * Math.max(1, Math.abs(dx));
      simple.innerHTML = t('sigmoid.layer', {
        y: `<span data-testid="sigmoid-layer-y" data-value="${y}">${fmt(y)}</span>`,
        dx: `<span data-testid="sigmoid-layer-dx" data-value="${dx}">${fmt(dx)}</span>`,
        verdict: t(same ? 'sigmoid.same' : 'sigmoid.differs'),
      });
    } else simple.textContent = t('sigmoid.stepHint');
  };

  $('step-forward').addEventListener('click', () => {
    graph?.forwardStep();
    const a = affine;
    if (a !== null) {
      if (a.forward === 0) a.XW = a.X.matmul(a.W);
      else if (a.forward === 1) {
        a.Y = a.XW!.add(a.B);
        a.layer.forward(a.X); // the Affine layer caches X for backward (its Y equals this one)
      }
      a.forward = Math.min(2, a.forward + 1);
    }
    render();
  });
  $('step-backward').addEventListener('click', () => {
    const dout = readNumber(doutIn);
    if (graph && dout !== null) graph.backwardStep(dout);
    const a = affine;
    if (a !== null && a.forward === 2 && a.backward < 2) {
      if (a.backward === 0) {
        a.dY = a.dYIn;
        a.dX = a.layer.backward(a.dY); // fills grads.b (shown now) and grads.W, dX (shown at the next step)
      }
      a.backward++;
    }
    render();
  });
  $('step-reset').addEventListener('click', reset);
  for (const id of ['sigmoid-x', 'sigmoid-dout']) $(id).addEventListener('change', () => (resetSigmoid(), render()));
  for (const id of ['affine-x', 'affine-w', 'affine-b', 'affine-dy']) $(id).addEventListener('change', () => (resetAffine(), render()));
  onLanguageChange(render);
  reset();
}
