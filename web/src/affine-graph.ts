import { Affine, Tensor } from '../../src/browser';
import { ARROW, edge, fmt, label, node, path, readMatrix, svgEl, type StepGraph } from './graph-svg';
import { t } from './i18n';

/**
 * The Affine graph Y = X·W + B (the book's figures 5-25 and 5-27): forward X·W at the "dot" node, + B,
 * backward through the library's Affine layer. `batch`: any number of rows N, and dB sums dY over them.
 */
export class AffineGraph implements StepGraph {
  private X: Tensor | null = null;
  private W: Tensor | null = null;
  private B: Tensor | null = null;
  /** The gradient that arrives at Y in the backward pass (the dY input). */
  private dYIn: Tensor | null = null;
  private layer: Affine | null = null;
  private XW: Tensor | null = null;
  private Y: Tensor | null = null;
  private dY: Tensor | null = null;
  private dX: Tensor | null = null;
  private f = 0;
  private b = 0;

  constructor(
    /** Prefix of the inputs' ids and the labels' test ids: `affine` reads affine-x, ... and draws affine-Y, ... */
    readonly id: string,
    private readonly batch: boolean,
  ) {}

  reset(): boolean {
    const $ = (s: string) => document.getElementById(`${this.id}-${s}`) as HTMLInputElement;
    // the batch form takes as many rows of X as are typed (1 to 6); dY must have as many
    const n = this.batch ? Math.min(6, Math.max(1, $('x').value.split(';').length)) : 2;
    const X = readMatrix($('x'), n, 2);
    const W = readMatrix($('w'), 2, 3);
    const B = readMatrix($('b'), 1, 3);
    const dY = readMatrix($('dy'), n, 3);
    this.f = this.b = 0;
    this.XW = this.Y = this.dY = this.dX = null;
    if (X === null || W === null || B === null || dY === null) {
      this.layer = null;
      return false;
    }
    const f64 = (v: number[] | number[][]) => Tensor.from(v, { dtype: 'float64' });
    [this.X, this.W, this.B, this.dYIn] = [f64(X), f64(W), f64(B[0]!), f64(dY)];
    this.layer = new Affine(this.W, this.B);
    return true;
  }

  forward(): void {
    if (this.layer === null) return;
    if (this.f === 0) this.XW = this.X!.matmul(this.W!);
    else if (this.f === 1) {
      this.Y = this.XW!.add(this.B!);
      this.layer.forward(this.X!); // the Affine layer caches X for backward (its Y equals this one)
    }
    this.f = Math.min(2, this.f + 1);
  }

  backward(): void {
    if (this.layer === null || this.f < 2 || this.b >= 2) return;
    if (this.b === 0) {
      this.dY = this.dYIn;
      this.dX = this.layer.backward(this.dY!); // fills grads.b (shown now) and grads.W, dX (shown at the next step)
    }
    this.b++;
  }

  svg(): string {
    if (this.layer === null) return '';
    const n = this.X!.shape[0]!;
    const rows = (v: Tensor | null) => (v === null ? [''] : v.ndim === 1 ? [`[${[...v.data].map(fmt).join(', ')}]`] : (v.toArray() as number[][]).map((r) => `[${r.map(fmt).join(', ')}]`));
    const json = (v: Tensor | null) => (v === null ? '' : JSON.stringify(v.toArray()));
    const fwd = (v: Tensor | null, name: string, x: number, y: number) => label(x, y, rows(v), true, { 'data-testid': `${this.id}-${name}`, 'data-value': json(v) });
    const back = (v: Tensor | null, name: string, x: number, y: number) => label(x, y, rows(v), false, { fill: '#c2410c', 'data-testid': `${this.id}-${name}`, 'data-value': json(v) });
    // more rows than 2 push the lower parts down, so that no matrix runs into another
    const e = 14 * Math.max(0, n - 2);
    const yX = 72 + e;
    const yW = yX + 110 + e;
    const mid = yX + 48 + e / 2;
    const [dot, plus] = [330, 600];
    const yB = mid + 115 + e;
    const { b, f, layer } = this;
    const parts = [
      ARROW,
      path([[80, yX], [240, yX], [dot - 24, mid - 10]]), path([[80, yW], [240, yW], [dot - 24, mid + 10]]),
      edge(dot + 26, mid, plus - 28, mid), edge(plus, yB, plus, mid + 28), edge(plus + 26, mid, 820, mid),
      node(dot, mid, 'dot', f >= 1), node(plus, mid, '+', f >= 2),
      svgEl('text', { x: 10, y: yX + 4 }, `X (${n}×2)`), svgEl('text', { x: 10, y: yW + 4 }, 'W (2×3)'),
      svgEl('text', { x: plus - 18, y: yB + 20 }, 'B (3)'), svgEl('text', { x: 828, y: mid + 4 }, `Y (${n}×3)`),
      fwd(this.X, 'X', 160, yX - 10), back(b >= 2 ? this.dX : null, 'dX', 160, yX + 18),
      fwd(this.W, 'W', 160, yW - 10), back(b >= 2 ? layer.grads.W! : null, 'dW', 160, yW + 28),
      fwd(f >= 1 ? this.XW : null, 'XW', 465, mid - 15), back(b >= 1 ? this.dY : null, 'dXW', 465, mid + 20),
      fwd(this.B, 'B', plus - 80, mid + 85 + e), back(b >= 1 ? layer.grads.b! : null, 'dB', plus + 70, mid + 85 + e),
      fwd(f >= 2 ? this.Y : null, 'Y', 730, mid - 15), back(b >= 1 ? this.dY : null, 'dY', 730, mid + 20),
    ];
    // the batch form's point: B was added to every row, so its gradient is the sum of dY's rows
    if (this.batch) parts.push(svgEl('text', { x: plus + 12, y: mid + 65 + e, 'font-size': 12, fill: '#c2410c', 'data-testid': `${this.id}-sum` }, escapeXml(t('affineBatch.sum'))));
    const h = yB + 35;
    return `<svg width="920" height="${h}" viewBox="0 0 920 ${h}">${parts.join('')}</svg>`;
  }
}

const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
