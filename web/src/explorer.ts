import { SigmoidGraph, Sigmoid, Tensor } from '../../src/browser';
import { AffineGraph } from './affine-graph';
import { ReluGraph, ShoppingGraph, SoftmaxLossGraph } from './book-graphs';
import { LstmGraph } from './lstm-graph';
import { ARROW, edge, fmt, label, node, readNumber, svgEl, type StepGraph } from './graph-svg';
import { onLanguageChange, setPlain, setText, t } from './i18n';

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

/** The sigmoid graph of the book's figure 5-19, node by node (SigmoidGraph), and the simplified Sigmoid layer beside it. */
class SigmoidStep implements StepGraph {
  private graph: SigmoidGraph | null = null;
  private dout = 1;

  reset(): boolean {
    const x = readNumber(document.getElementById('sigmoid-x') as HTMLInputElement);
    const dout = readNumber(document.getElementById('sigmoid-dout') as HTMLInputElement);
    this.graph = x === null || dout === null ? null : new SigmoidGraph(x);
    this.dout = dout ?? 1;
    return this.graph !== null;
  }

  forward(): void {
    this.graph?.forwardStep();
  }

  backward(): void {
    this.graph?.backwardStep(this.dout);
  }

  svg(): string {
    return this.graph === null ? '' : drawSigmoid(this.graph);
  }

  /** The Sigmoid layer keeps only y and computes dout·y·(1 − y): the same as the chained nodes. */
  simple(box: HTMLElement): void {
    const g = this.graph;
    if (g === null || g.backwardSteps !== 4) {
      box.textContent = t('sigmoid.stepHint');
      return;
    }
    const layer = new Sigmoid();
    const y = layer.forward(Tensor.from([g.values[0]!], { dtype: 'float64' })).data[0]!;
    const dx = layer.backward(Tensor.from([g.grads[4]!], { dtype: 'float64' })).data[0]!;
    const same = Math.abs(dx - g.grads[0]!) <= 1e-12 * Math.max(1, Math.abs(dx));
    box.innerHTML = t('sigmoid.layer', {
      y: `<span data-testid="sigmoid-layer-y" data-value="${y}">${fmt(y)}</span>`,
      dx: `<span data-testid="sigmoid-layer-dx" data-value="${dx}">${fmt(dx)}</span>`,
      verdict: t(same ? 'sigmoid.same' : 'sigmoid.differs'),
    });
  }
}

/** The explorer: the book's chapter-5 graphs and the second volume's LSTM cell, all stepped by the same Forward and Backward buttons. */
export function initExplorer(): void {
  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const sigmoid = new SigmoidStep();
  // name → graph; each reads the inputs `${name}-...`, draws into graph-${name} and reports in ${name}-error
  const graphs: [string, StepGraph][] = [
    ['shopping', new ShoppingGraph()],
    ['relu', new ReluGraph()],
    ['sigmoid', sigmoid],
    ['affine', new AffineGraph('affine', false)],
    ['affine-n', new AffineGraph('affine-n', true)],
    ['softmax-loss', new SoftmaxLossGraph()],
    ['lstm', new LstmGraph()],
  ];

  const render = () => {
    for (const [name, g] of graphs) $(`graph-${name}`).innerHTML = g.svg();
    sigmoid.simple($('sigmoid-simple'));
  };
  // each graph has its own inputs: a bad one hides only its graph
  const resetOne = (name: string, g: StepGraph) => {
    const ok = g.reset();
    if (ok) setPlain($(`${name}-error`), '');
    else setText($(`${name}-error`), 'explorer.fix');
  };
  const reset = () => {
    for (const [name, g] of graphs) resetOne(name, g);
    render();
  };

  $('step-forward').addEventListener('click', () => {
    for (const [, g] of graphs) g.forward();
    render();
  });
  $('step-backward').addEventListener('click', () => {
    for (const [, g] of graphs) g.backward();
    render();
  });
  $('step-reset').addEventListener('click', reset);
  for (const [name, g] of graphs) {
    for (const input of document.querySelectorAll<HTMLInputElement>(`[data-graph="${name}"]`)) input.addEventListener('change', () => (resetOne(name, g), render()));
  }
  onLanguageChange(render);
  reset();
}
