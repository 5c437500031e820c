import { AddLayer, MulLayer, Relu, SoftmaxWithLoss, Tensor } from '../../src/browser';
import { ARROW, box, edge, node, path, readMatrix, readNumber, svgEl, valueLabel, type StepGraph } from './graph-svg';
import { setTitle, t, type Key } from './i18n';

const input = (id: string) => document.getElementById(id) as HTMLInputElement;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const f64 = (v: number[]) => Tensor.from(v, { dtype: 'float64' });

/** A row of numbers of any length (1 to 10); null (and the input flagged) otherwise. */
function readRow(el: HTMLInputElement, length?: number): number[] | null {
  const n = length ?? Math.min(10, Math.max(1, el.value.split(',').length));
  return readMatrix(el, 1, n)?.[0] ?? null;
}

/**
 * The book's figure 5-17, buying 2 apples at 100 and 3 oranges at 150 with a tax of 1.1:
 * four nodes of the library (MulLayer, AddLayer), forward 200, 450, 650, 715, backward 1.1, 650, 2.2, 110, 3.3, 165.
 */
export class ShoppingGraph implements StepGraph {
  private mulApple = new MulLayer();
  private mulOrange = new MulLayer();
  private addFruit = new AddLayer();
  private mulTax = new MulLayer();
  private x: Record<'apple' | 'appleNum' | 'orange' | 'orangeNum' | 'tax' | 'dprice', number> | null = null;
  /** Forward values and gradients by edge, filled step by step. */
  private v: Record<string, number> = {};
  private d: Record<string, number> = {};
  private f = 0;
  private b = 0;

  reset(): boolean {
    const ids = { apple: 'apple', appleNum: 'apple-num', orange: 'orange', orangeNum: 'orange-num', tax: 'tax', dprice: 'dprice' } as const;
    const read = Object.entries(ids).map(([k, id]) => [k, readNumber(input(`shopping-${id}`))] as const);
    this.f = this.b = 0;
    this.v = {};
    this.d = {};
    this.x = read.every(([, n]) => n !== null) ? (Object.fromEntries(read) as NonNullable<ShoppingGraph['x']>) : null;
    if (this.x !== null) this.v = { apple: this.x.apple, appleNum: this.x.appleNum, orange: this.x.orange, orangeNum: this.x.orangeNum, tax: this.x.tax };
    return this.x !== null;
  }

  forward(): void {
    const { v } = this;
    if (this.x === null || this.f >= 3) return;
    if (this.f === 0) {
      v.applePrice = this.mulApple.forward(v.apple!, v.appleNum!);
      v.orangePrice = this.mulOrange.forward(v.orange!, v.orangeNum!);
    } else if (this.f === 1) v.allPrice = this.addFruit.forward(v.applePrice!, v.orangePrice!);
    else v.price = this.mulTax.forward(v.allPrice!, v.tax!);
    this.f++;
  }

  backward(): void {
    const { d } = this;
    if (this.x === null || this.f < 3 || this.b >= 3) return;
    if (this.b === 0) {
      d.price = this.x.dprice;
      [d.allPrice, d.tax] = this.mulTax.backward(d.price);
    } else if (this.b === 1) [d.applePrice, d.orangePrice] = this.addFruit.backward(d.allPrice!);
    else {
      [d.apple, d.appleNum] = this.mulApple.backward(d.applePrice!);
      [d.orange, d.orangeNum] = this.mulOrange.backward(d.orangePrice!);
    }
    this.b++;
  }

  svg(): string {
    if (this.x === null) return '';
    const { v, d } = this;
    const both = (name: string, x: number, y: number) => valueLabel(x, y - 8, v[name] ?? null, `shopping-value-${name}`, false) + valueLabel(x, y + 16, d[name] ?? null, `shopping-grad-${name}`, true);
    const [mulA, mulO, add, mulT] = [[330, 80], [330, 240], [520, 160], [700, 160]] as const;
    const inputs: [string, Key, number][] = [['apple', 'shopping.apple', 40], ['appleNum', 'shopping.appleNum', 120], ['orange', 'shopping.orange', 200], ['orangeNum', 'shopping.orangeNum', 280]];
    const parts = [ARROW];
    for (const [name, key, y] of inputs) {
      const [nx, ny] = y < 160 ? mulA : mulO;
      parts.push(svgEl('text', { x: 8, y: y + 4, 'font-size': 13 }, esc(t(key))), path([[120, y], [250, y], [nx - 24, ny + (y % 80 === 40 ? -10 : 10)]]), both(name, 185, y));
    }
    parts.push(
      path([[356, mulA[1]], [430, mulA[1]], [add[0] - 22, add[1] - 14]]), both('applePrice', 395, mulA[1]),
      path([[356, mulO[1]], [430, mulO[1]], [add[0] - 22, add[1] + 14]]), both('orangePrice', 395, mulO[1]),
      edge(add[0] + 26, add[1], mulT[0] - 28, mulT[1]), both('allPrice', 610, add[1]),
      edge(mulT[0], 300, mulT[0], mulT[1] + 28), svgEl('text', { x: mulT[0], y: 318, 'text-anchor': 'middle', 'font-size': 13 }, esc(t('shopping.tax'))),
      valueLabel(mulT[0] - 30, 250, v.tax ?? null, 'shopping-value-tax', false), valueLabel(mulT[0] + 34, 250, d.tax ?? null, 'shopping-grad-tax', true),
      edge(mulT[0] + 26, mulT[1], 840, mulT[1]), both('price', 785, mulT[1]), svgEl('text', { x: 846, y: mulT[1] + 4, 'font-size': 13 }, esc(t('shopping.price'))),
      node(mulA[0], mulA[1], '×', this.f >= 1), node(mulO[0], mulO[1], '×', this.f >= 1), node(add[0], add[1], '+', this.f >= 2), node(mulT[0], mulT[1], '×', this.f >= 3),
    );
    return `<svg width="920" height="330" viewBox="0 0 920 330">${parts.join('')}</svg>`;
  }
}

/** ReLU on a row (the book's figure 5-18): the library's Relu layer; the gradient passes where x > 0, else 0. */
export class ReluGraph implements StepGraph {
  private layer = new Relu();
  private x: number[] | null = null;
  private dout: number[] | null = null;
  private y: number[] | null = null;
  private dx: number[] | null = null;
  private f = 0;
  private b = 0;

  reset(): boolean {
    this.x = readRow(input('relu-x'));
    this.dout = readRow(input('relu-dout'), this.x?.length);
    this.y = this.dx = null;
    this.f = this.b = 0;
    this.layer = new Relu();
    return this.x !== null && this.dout !== null;
  }

  forward(): void {
    if (this.x === null || this.dout === null || this.f > 0) return;
    this.y = [...this.layer.forward(f64(this.x)).data];
    this.f = 1;
  }

  backward(): void {
    if (this.dout === null || this.f === 0 || this.b > 0) return;
    this.dx = [...this.layer.backward(f64(this.dout)).data];
    this.b = 1;
  }

  svg(): string {
    if (this.x === null || this.dout === null) return '';
    const parts = [
      ARROW, svgEl('text', { x: 10, y: 64 }, 'x'), edge(30, 60, 372, 60), box(420, 60, 'ReLU', this.f > 0), edge(468, 60, 800, 60), svgEl('text', { x: 808, y: 64 }, 'y'),
      valueLabel(200, 50, this.x, 'relu-x', false), valueLabel(200, 76, this.dx, 'relu-dx', true),
      valueLabel(635, 50, this.y, 'relu-y', false), valueLabel(635, 76, this.b > 0 ? this.dout : null, 'relu-dy', true),
    ];
    return `<svg width="830" height="100" viewBox="0 0 830 100">${parts.join('')}</svg>`;
  }
}

/**
 * Softmax-with-Loss (the book's figure 5-30): scores a → Softmax → y → Cross Entropy Error (with the label t) → L;
 * backward from dL = 1 the library's SoftmaxWithLoss gives y − t at once.
 */
export class SoftmaxLossGraph implements StepGraph {
  private layer = new SoftmaxWithLoss();
  private a: number[] | null = null;
  private t: number | null = null;
  private y: number[] | null = null;
  private loss: number | null = null;
  private da: number[] | null = null;
  private f = 0;
  private b = 0;

  reset(): boolean {
    this.a = readRow(input('softmax-loss-a'));
    const tIn = input('softmax-loss-t');
    const label = readNumber(tIn);
    const classes = this.a?.length ?? 0;
    const ok = label !== null && Number.isInteger(label) && label >= 0 && label < classes;
    tIn.classList.toggle('invalid', !ok);
    if (!ok && label !== null) setTitle(tIn, 'softmaxLoss.expectedClass', { max: Math.max(0, classes - 1) });
    this.t = ok ? label : null;
    this.layer = new SoftmaxWithLoss();
    this.y = this.loss = this.da = null;
    this.f = this.b = 0;
    return this.a !== null && this.t !== null;
  }

  forward(): void {
    if (this.a === null || this.t === null || this.f >= 2) return;
    if (this.f === 0) {
      this.loss = this.layer.forward(f64(this.a), Int32Array.of(this.t));
      this.y = [...this.layer.y!.data]; // the loss waits for the next step
    }
    this.f++;
  }

  backward(): void {
    if (this.f < 2 || this.b >= 2) return;
    if (this.b === 1) this.da = [...this.layer.backward(1).data];
    this.b++;
  }

  svg(): string {
    if (this.a === null || this.t === null) return '';
    const oneHot = this.a.map((_, i) => (i === this.t ? 1 : 0));
    const parts = [
      ARROW, svgEl('text', { x: 10, y: 74 }, 'a'), edge(28, 70, 340, 70), box(380, 70, 'Softmax', this.f >= 1),
      edge(420, 70, 688, 70), box(780, 70, 'Cross Entropy Error', this.f >= 2), edge(870, 70, 975, 70), svgEl('text', { x: 980, y: 74 }, 'L'),
      edge(780, 160, 780, 92), svgEl('text', { x: 780, y: 178, 'text-anchor': 'middle' }, 't'),
      valueLabel(185, 60, this.a, 'softmax-loss-a', false), valueLabel(185, 86, this.da, 'softmax-loss-da', true),
      this.da === null ? '' : svgEl('text', { x: 185, y: 104, 'text-anchor': 'middle', 'font-size': 12, fill: '#c2410c' }, '= y − t'),
      valueLabel(555, 60, this.f >= 1 ? this.y : null, 'softmax-loss-y', false),
      valueLabel(860, 135, oneHot, 'softmax-loss-t', false),
      valueLabel(922, 60, this.f >= 2 ? this.loss : null, 'softmax-loss-L', false), valueLabel(922, 86, this.b >= 1 ? 1 : null, 'softmax-loss-dL', true),
    ];
    return `<svg width="1000" height="190" viewBox="0 0 1000 190">${parts.join('')}</svg>`;
  }
}
