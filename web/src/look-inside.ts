import type { ActivationHistogram, Inspection, Tensor, WeightTiles } from '../../src/browser';
import { onLanguageChange, setText, t, type Msg } from './i18n';

/** The test images the inspection refers to by index, as the training page holds them. */
export interface TestImages {
  readonly images: Tensor;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One layer's histogram as small bars, as the book's figure 6-10 draws each layer. */
function histogramSvg(h: ActivationHistogram, index: number): string {
  const w = 180;
  const hgt = 90;
  const max = Math.max(1, ...h.counts);
  const bw = w / h.counts.length;
  const bars = h.counts.map((c, i) => `<rect x="${(i * bw).toFixed(1)}" y="${(hgt - (hgt * c) / max).toFixed(1)}" width="${(bw - 1).toFixed(1)}" height="${((hgt * c) / max).toFixed(1)}" fill="#3b82f6"/>`).join('');
  const [lo, hi] = h.range.map((v) => Number(v.toPrecision(3)));
  const title = t('inside.layer', { i: index + 1, layer: h.layer });
  return `<figure class="hist" data-testid="activation-histogram" data-layer="${esc(h.layer)}" data-counts="${h.counts.join(',')}">
    <svg viewBox="0 -16 ${w} ${hgt + 32}" width="${w}" height="${hgt + 32}"><text x="${w / 2}" y="-4" text-anchor="middle" font-size="11">${esc(title)}</text>${bars}
    <text x="0" y="${hgt + 13}" font-size="10">${lo}</text><text x="${w}" y="${hgt + 13}" font-size="10" text-anchor="end">${hi}</text></svg>
    <figcaption>${esc(t('inside.zeros', { pct: ((100 * h.zeros) / h.total).toFixed(0) }))}</figcaption></figure>`;
}

/** A gray image (values scaled from [lo, hi]; `reverse`: high values dark, as the book's gray_r) on a new canvas. */
function grayCanvas(values: ArrayLike<number>, width: number, height: number, scale: number, reverse: boolean): HTMLCanvasElement {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < width * height; i++) {
    lo = Math.min(lo, values[i]!);
    hi = Math.max(hi, values[i]!);
  }
  const span = hi > lo ? hi - lo : 1;
  const c = document.createElement('canvas');
  c.width = width;
  c.height = height;
  c.style.width = `${width * scale}px`;
  c.style.height = `${height * scale}px`;
  const ctx = c.getContext('2d')!;
  const img = ctx.createImageData(width, height);
  for (let i = 0; i < width * height; i++) {
    const g = Math.round((255 * (values[i]! - lo)) / span);
    const v = reverse ? 255 - g : g;
    img.data.set([v, v, v, 255], 4 * i);
  }
  ctx.putImageData(img, 0, 0);
  return c;
}

function weightTiles(box: HTMLElement, w: WeightTiles): void {
  const size = w.height * w.width;
  const scale = Math.max(1, Math.round(40 / w.width));
  box.dataset.count = String(w.count);
  box.dataset.shape = `${w.height}x${w.width}`;
  const tiles = [];
  for (let t = 0; t < w.count; t++) tiles.push(grayCanvas(w.data.subarray(t * w.channels * size, t * w.channels * size + size), w.width, w.height, scale, true));
  box.replaceChildren(...tiles);
}

/** The confusion matrix as a table (rows: true class, columns: the class given); its counts also in data-value. */
export function confusionTable(box: HTMLElement, m: readonly (readonly number[])[], names: readonly string[] = m.map((_, i) => String(i))): void {
  const max = Math.max(1, ...m.flatMap((r, i) => r.filter((_, j) => j !== i)));
  const head = `<tr><th>${esc(t('inside.corner'))}</th>${m.map((_, j) => `<th>${esc(names[j]!)}</th>`).join('')}</tr>`;
  const rows = m.map((r, i) => `<tr><th>${esc(names[i]!)}</th>${r.map((c, j) => `<td class="${i === j ? 'diag' : ''}" style="${i !== j && c > 0 ? `background: rgba(220, 38, 38, ${(0.15 + (0.6 * c) / max).toFixed(2)})` : ''}">${c}</td>`).join('')}</tr>`);
  box.innerHTML = `<table class="confusion">${head}${rows.join('')}</table>`;
  box.dataset.value = JSON.stringify(m);
}

/** The misclassified images (gray: the first channel) with their true and given classes. */
export function gallery(box: HTMLElement, ins: Inspection, test: TestImages, names?: readonly string[]): void {
  const per = test.images.size / test.images.shape[0]!;
  const [h, w] = test.images.ndim === 4 ? test.images.shape.slice(2) : [28, 28];
  const name = (c: number) => names?.[c] ?? String(c);
  if (ins.misclassified.length === 0) {
    box.innerHTML = `<p class="hint">${esc(t('inside.none'))}</p>`;
    return;
  }
  box.replaceChildren(
    ...ins.misclassified.map((m) => {
      const fig = document.createElement('figure');
      fig.dataset.index = String(m.index);
      fig.dataset.predicted = String(m.predicted);
      fig.dataset.actual = String(m.actual);
      const img = grayCanvas(test.images.data.subarray(m.index * per, m.index * per + h! * w!), w!, h!, Math.max(1, Math.round(56 / w!)), false);
      const cap = document.createElement('figcaption');
      cap.textContent = `${name(m.actual)} → ${name(m.predicted)} (${m.probability.toFixed(2)})`;
      cap.title = t('inside.misTitle', { index: m.index, actual: name(m.actual), predicted: name(m.predicted), p: m.probability.toFixed(3) });
      fig.append(img, cap);
      return fig;
    }),
  );
}

let shown: { ins: Inspection; test: TestImages; what: Msg } | null = null;
onLanguageChange(() => shown && showInspection(shown.ins, shown.test, shown.what));

/** Draws an inspection of the page's model (`what`: after which epoch, or which model) into the Look inside panel. */
export function showInspection(ins: Inspection, test: TestImages, what: Msg): void {
  shown = { ins, test, what };
  const $ = (id: string) => document.getElementById(id)!;
  setText($('inside-epoch'), what.k, { ...what.a, n: ins.n });
  const epoch = what.a?.epoch;
  if (epoch === undefined) delete $('inside-epoch').dataset.epoch;
  else $('inside-epoch').dataset.epoch = String(epoch);
  $('activation-histograms').innerHTML = ins.histograms.map(histogramSvg).join('');
  const weights = $('first-layer-weights');
  if (ins.weights === null) {
    setText(weights, 'inside.noImage');
    $('weights-caption').textContent = '';
  } else {
    delete weights.dataset.i18n;
    weightTiles(weights, ins.weights);
    const w = ins.weights;
    if (w.height === 28) setText($('weights-caption'), 'inside.weightsMlp', { count: w.count, param: w.param });
    else setText($('weights-caption'), 'inside.weightsConv', { count: w.count, layer: w.layer, h: w.height, w: w.width });
  }
  const confusion = $('confusion-matrix');
  if (ins.confusion !== null) confusionTable(confusion, ins.confusion);
  else {
    confusion.innerHTML = '';
    delete confusion.dataset.value;
  }
  gallery($('misclassified'), ins, test);
  setText($('misclassified-caption'), 'inside.misCaption', { n: ins.misclassified.length });
}
