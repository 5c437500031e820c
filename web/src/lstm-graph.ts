import { LSTM, Rng, Tensor } from '../../src/browser';
import { ARROW, box, edge, fmt, label, node, path, readMatrix, readNumber, svgEl, type StepGraph } from './graph-svg';
import { setTitle, t, type Key } from './i18n';

const D = 2;
const H = 2;
const input = (id: string) => document.getElementById(id) as HTMLInputElement;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const f64 = (v: number[][]) => Tensor.from(v, { dtype: 'float64' });
const row = (v: Tensor) => [...v.data];

/** The weights of the cell from a seed: Wx (D, 4H) and Wh (H, 4H) from the library's seeded normal draws, b zeros (as the book starts). */
function lstmWeights(seed: number): { Wx: Tensor; Wh: Tensor; b: Tensor } {
  const rng = new Rng(seed);
  const Wx = Tensor.randn([D, 4 * H], rng, { dtype: 'float64' });
  const Wh = Tensor.randn([H, 4 * H], rng, { dtype: 'float64' });
  return { Wx, Wh, b: Tensor.zeros([4 * H], { dtype: 'float64' }) };
}

/** What the layer keeps between its forward and backward: read to show the gates, which it computes but does not return. */

/**
 * One LSTM cell as the book's second volume draws it (figures 6-19 and 6-20): x and h_prev through one affine
 * A = x·Wx + h_prev·Wh + b, split into the gates f, g, i, o (σ, tanh, σ, σ); c = f⊙c_prev + g⊙i, h = o⊙tanh(c).
 * Every number comes from the library's LSTM layer: h and c from its forward, the gates from what it caches,
 * dx, dh_prev, dc_prev from its backward, and the gates' gradients dA from its db (with one row, db = dA).
 */
export class LstmGraph implements StepGraph {
  private layer: LSTM | null = null;
  private inputs: { x: Tensor; hPrev: Tensor; cPrev: Tensor; dh: Tensor; dc: Tensor } | null = null;
  private out: { h: Tensor; c: Tensor } | null = null;
  private back: { dx: Tensor; dhPrev: Tensor; dcPrev: Tensor } | null = null;
  private f = 0;
  private b = 0;

  reset(): boolean {
    const [x, hPrev, cPrev, dh, dc] = ['x', 'hprev', 'cprev', 'dh', 'dc'].map((id) => readMatrix(input(`lstm-${id}`), 1, id === 'x' ? D : H));
    const seedIn = input('lstm-seed');
    const seed = readNumber(seedIn);
    const seedOk = seed !== null && Number.isSafeInteger(seed) && seed >= 0;
    seedIn.classList.toggle('invalid', !seedOk);
    if (!seedOk && seed !== null) setTitle(seedIn, 'lstm.expectedSeed');
    this.f = this.b = 0;
    this.out = this.back = null;
    if (!seedOk || !x || !hPrev || !cPrev || !dh || !dc) {
      this.layer = this.inputs = null;
      return false;
    }
    const { Wx, Wh, b } = lstmWeights(seed);
    this.layer = new LSTM(Wx, Wh, b);
    this.inputs = { x: f64(x), hPrev: f64(hPrev), cPrev: f64(cPrev), dh: f64(dh), dc: f64(dc) };
    return true;
  }

  /** Four steps: the affine, the gates, the memory c, then tanh(c) and h; the layer runs once, at the first. */
  forward(): void {
    if (this.layer === null || this.f >= 4) return;
    if (this.f === 0) {
      const { x, hPrev, cPrev } = this.inputs!;
      this.out = this.layer.forward(x, hPrev, cPrev);
    }
    this.f++;
  }

  /** Three steps: dh and dc arrive, the gates' gradients and dc_prev, then dx, dh_prev and the weights' gradients. */
  backward(): void {
    if (this.layer === null || this.f < 4 || this.b >= 3) return;
    if (this.b === 0) this.back = this.layer.backward(this.inputs!.dh, this.inputs!.dc);
    this.b++;
  }

  svg(): string {
    if (this.layer === null || this.inputs === null) return '';
    const { f, b, layer, inputs } = this;
    const step = f >= 1 ? layer.lastGates() : null;
    const shown = (v: Tensor | null | undefined, when: boolean) => (when && v ? row(v) : null);
    // a value: black above (or beside) its edge, a gradient red below it; the full numbers go into data-value
    const val = (x: number, y: number, v: number[] | null, id: string, gradient: boolean, anchor = 'middle') => {
      const attrs: Record<string, string | number> = { 'data-testid': `lstm-${id}`, 'data-value': v === null ? '' : JSON.stringify(v), 'font-size': 13, 'text-anchor': anchor };
      if (gradient) attrs.fill = '#c2410c';
      return label(x, y, [v === null ? '' : `[${v.map(fmt).join(', ')}]`], !gradient, attrs);
    };
    const name = (x: number, y: number, key: Key, anchor = 'end') => svgEl('text', { x, y, 'font-size': 13, 'text-anchor': anchor }, esc(t(key)));
    const dA = b >= 2 ? row(layer.grads.b) : null;
    const gate = (k: number) => (dA === null ? null : dA.slice(k * H, (k + 1) * H));
    const [yc, yh, yGate, yAff] = [90, 270, 380, 490];
    const gx = [330, 540, 700, 880] as const; // f, g, i, o
    const parts = [
      ARROW,
      // the memory line: c_prev → × f → + → c, with a branch down through tanh to × o → h
      svgEl('text', { x: 10, y: yc + 5 }, 'c_prev'), edge(70, yc, 302, yc), edge(356, yc, 592, yc), edge(646, yc, 1040, yc),
      svgEl('circle', { cx: 880, cy: yc, r: 4, fill: '#555' }), edge(880, yc, 880, yc + 63),
      edge(880, yc + 107, 880, yh - 28), edge(906, yh, 1040, yh),
      name(1048, yc + 5, 'lstm.cell', 'start'), name(1048, yh + 5, 'lstm.hidden', 'start'),
      // the gates up into the products
      edge(gx[0], yGate - 22, gx[0], yc + 28), path([[gx[1], yGate - 22], [600, yh + 18]]), path([[gx[2], yGate - 22], [640, yh + 18]]),
      edge(620, yh - 28, 620, yc + 28), edge(gx[3], yGate - 22, gx[3], yh + 28),
      // the affine below, fed by h_prev and x
      svgEl('rect', { x: 280, y: yAff - 20, width: 650, height: 40, rx: 4, fill: f >= 1 ? '#dbeafe' : 'white', stroke: '#333' }),
      svgEl('text', { x: 605, y: yAff + 5, 'text-anchor': 'middle', 'font-size': 14, 'data-testid': 'lstm-box' }, 'affine'),
      ...gx.map((x) => edge(x, yAff - 22, x, yGate + 22)),
      svgEl('text', { x: 10, y: 565 }, 'h_prev'), path([[70, 560], [400, 560], [400, yAff + 22]]),
      svgEl('text', { x: 10, y: 615 }, 'x'), path([[30, 610], [520, 610], [520, yAff + 22]]),
      name(560, 565, 'lstm.affine', 'start'),
      name(gx[0] - 30, yGate + 5, 'lstm.forget'), name(gx[1] - 30, yGate + 5, 'lstm.newMemory'), name(gx[2] - 22, yGate + 5, 'lstm.input'), name(gx[3] - 22, yGate + 5, 'lstm.output'),
      // the nodes
      box(gx[0], yGate, 'σ', f >= 2, 'lstm-box'), box(gx[1], yGate, 'tanh', f >= 2, 'lstm-box'), box(gx[2], yGate, 'σ', f >= 2, 'lstm-box'), box(gx[3], yGate, 'σ', f >= 2, 'lstm-box'),
      node(330, yc, '×', f >= 3, 'lstm-node'), node(620, yh, '×', f >= 3, 'lstm-node'), node(620, yc, '+', f >= 3, 'lstm-node'),
      box(880, yc + 85, 'tanh', f >= 4, 'lstm-box'), node(880, yh, '×', f >= 4, 'lstm-node'),
      // forward values (black) and gradients (red)
      val(186, yc - 8, row(inputs.cPrev), 'c_prev', false), val(186, yc + 18, shown(this.back?.dcPrev, b >= 2), 'dc_prev', true),
      val(965, yc - 8, shown(this.out?.c, f >= 3), 'c', false), val(965, yc + 18, shown(inputs.dc, b >= 1), 'dc', true),
      val(975, yh - 8, shown(this.out?.h, f >= 4), 'h', false), val(975, yh + 18, shown(inputs.dh, b >= 1), 'dh', true),
      val(890, yh - 50, shown(step?.tanhC, f >= 4), 'tanh_c', false, 'start'),
      val(gx[0] + 10, 240, shown(step?.f, f >= 2), 'f', false, 'start'), val(gx[1] + 20, 325, shown(step?.g, f >= 2), 'g', false, 'end'),
      val(gx[2] - 20, 325, shown(step?.i, f >= 2), 'i', false, 'start'), val(gx[3] + 10, 335, shown(step?.o, f >= 2), 'o', false, 'start'),
      ...['df', 'dg', 'di', 'do'].map((id, k) => val(gx[k]! + 8, 445, gate(k), id, true, 'start')),
      val(230, 552, row(inputs.hPrev), 'h_prev', false), val(230, 578, shown(this.back?.dhPrev, b >= 3), 'dh_prev', true),
      val(230, 602, row(inputs.x), 'x', false), val(230, 628, shown(this.back?.dx, b >= 3), 'dx', true),
    ];
    const svg = `<svg width="1200" height="640" viewBox="0 0 1200 640">${parts.join('')}</svg>`;
    return svg + this.params();
  }

  /** Wx, Wh, b and (after the last backward step) their gradients, as a table that scrolls on a narrow screen. */
  private params(): string {
    const layer = this.layer!;
    const matrix = (v: Tensor | null, id: string, gradient: boolean) => {
      const rows = v === null ? [] : v.ndim === 1 ? [[...v.data]] : (v.toArray() as number[][]);
      const text = rows.map((r) => `[${r.map(fmt).join(', ')}]`).join('<br>');
      return `<td data-testid="lstm-${id}" data-value="${v === null ? '' : esc(JSON.stringify(v.toArray()))}"${gradient ? ' class="grad"' : ''}>${text}</td>`;
    };
    const done = this.b >= 3;
    const rows = (['Wx', 'Wh', 'b'] as const).map((k) => `<tr><th>${k}</th>${matrix(layer.params[k], k, false)}<th>d${k}</th>${matrix(done ? layer.grads[k] : null, `d${k}`, true)}</tr>`);
    return `<p>${esc(t('lstm.params'))}</p><div class="scroll"><table class="lstm-params">${rows.join('')}</table></div>`;
  }
}
