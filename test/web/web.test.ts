import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { Affine, Sigmoid, Tensor } from '../../src/index.js';
import { SHOTS, SITE, browserTest, launch, reason, serve, watchErrors } from '../../test-support/web/site.js';

/** Records the long tasks (over 50 ms) of the page's main thread from now on. */
function watchMainThread(): void {
  const w = window as unknown as { __longTasks: [number, number][] };
  w.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask' });
}

/** The longest task that overlaps [start, end] (loading the data before it is not training), and the share of it that long tasks took. */
function mainThreadLoad(span: [number, number]): { longest: number; busy: number } {
  const tasks = (globalThis as unknown as { __longTasks: [number, number][] }).__longTasks;
  const [start, end] = span;
  let longest = 0;
  let busy = 0;
  for (const [s, d] of tasks) {
    if (s + d < start || s > end) continue;
    longest = Math.max(longest, d);
    busy += Math.max(0, Math.min(end, s + d) - Math.max(start, s));
  }
  return { longest, busy: busy / (end - start) };
}

describe('the demo site in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base: string;
  const consoleErrors: string[] = [];

  before(async () => {
    if (reason !== null) return;
    ({ server, base } = await serve());
    browser = await launch();
    page = watchErrors(await browser.newPage({ viewport: { width: 1200, height: 900 } }), consoleErrors);
    mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  browserTest("explorer: the sigmoid and Affine graphs show the library's numbers, forward then backward", async () => {
    await page.goto(`${base}#explorer`);
    await page.fill('[data-testid=sigmoid-x]', '-1.25');
    await page.fill('[data-testid=sigmoid-dout]', '2');
    await page.dispatchEvent('[data-testid=sigmoid-dout]', 'change');
    await page.fill('[data-testid=affine-dy]', '0.5, -1, 2; 1.5, 0, -2');
    await page.dispatchEvent('[data-testid=affine-dy]', 'change');
    for (let i = 0; i < 4; i++) await page.click('[data-testid=step-forward]');
    for (let i = 0; i < 4; i++) await page.click('[data-testid=step-backward]');
    const num = async (id: string) => Number(await page.getAttribute(`[data-testid=${id}]`, 'data-value'));
    const layer = new Sigmoid();
    const y = layer.forward(Tensor.from([-1.25], { dtype: 'float64' })).data[0]!;
    const dx = layer.backward(Tensor.from([2], { dtype: 'float64' })).data[0]!;
    assert.equal(await num('sigmoid-value-1'), 1.25);
    assert.ok(Math.abs((await num('sigmoid-value-4')) - y) < 1e-15);
    assert.ok(Math.abs((await num('sigmoid-grad-0')) - dx) < 1e-15);
    assert.ok(Math.abs((await num('sigmoid-layer-dx')) - dx) < 1e-15);
    assert.match((await page.textContent('[data-testid=sigmoid-simple]'))!, /= the chained result ✓/);
    const json = async (id: string) => JSON.parse((await page.getAttribute(`[data-testid=${id}]`, 'data-value'))!) as number[][];
    const affine = new Affine(Tensor.from([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], { dtype: 'float64' }), Tensor.from([0.1, 0.2, 0.3], { dtype: 'float64' }));
    const Y = affine.forward(Tensor.from([[1, 2], [3, 4]], { dtype: 'float64' }));
    const dX = affine.backward(Tensor.from([[0.5, -1, 2], [1.5, 0, -2]], { dtype: 'float64' }));
    assert.deepEqual(await json('affine-Y'), Y.toArray());
    assert.deepEqual(await json('affine-dX'), dX.toArray());
    assert.deepEqual(await json('affine-dW'), affine.grads.W.toArray());
    assert.deepEqual(await json('affine-dB'), affine.grads.b.toArray());
    await page.screenshot({ path: join(SHOTS, 'explorer.png'), fullPage: true });
  });

  browserTest("explorer: a non-number is flagged in place and hides only its own graph", async () => {
    await page.goto(`${base}#explorer`);
    await page.reload(); // a fresh page: the hash alone does not reload it
    await page.fill('[data-testid=sigmoid-x]', 'abc');
    await page.dispatchEvent('[data-testid=sigmoid-x]', 'change');
    assert.equal(await page.getAttribute('[data-testid=sigmoid-x]', 'class'), 'invalid');
    for (let i = 0; i < 2; i++) await page.click('[data-testid=step-forward]');
    assert.equal(await page.locator('[data-testid=sigmoid-value-4]').count(), 0, 'no sigmoid values from a bad x');
    assert.match((await page.textContent('[data-testid=sigmoid-error]'))!, /Fix the highlighted inputs/);
    assert.notEqual(await page.getAttribute('[data-testid=affine-Y]', 'data-value'), '', 'the valid Affine graph goes on');
    assert.equal(await page.textContent('[data-testid=affine-error]'), '');
    await page.fill('[data-testid=affine-dy]', '1, 2; 3');
    await page.dispatchEvent('[data-testid=affine-dy]', 'change');
    assert.equal(await page.getAttribute('[data-testid=affine-dy]', 'class'), 'invalid');
    assert.equal(await page.locator('[data-testid=affine-Y]').count(), 0, 'a bad dY hides the Affine graph');
    await page.fill('[data-testid=sigmoid-x]', '1');
    await page.dispatchEvent('[data-testid=sigmoid-x]', 'change');
    await page.click('[data-testid=step-forward]');
    assert.equal(await page.getAttribute('[data-testid=sigmoid-value-1]', 'data-value'), '-1', 'and the sigmoid graph comes back on its own');
  });

  browserTest('explorer: a legend for the two colours, the book\'s "dot" node, and every label inside its circle or box', async () => {
    await page.goto(`${base}#explorer`);
    await page.reload();
    assert.match((await page.textContent('[data-testid=explorer-legend]'))!, /black.*forward value.*red.*gradient/);
    const nodes = await page.$$eval('[data-testid=graph-node]', (texts) =>
      texts.map((t) => {
        const box = (t as SVGTextElement).getBBox();
        const circle = t.previousElementSibling as SVGCircleElement;
        const [cx, cy, r] = [circle.cx.baseVal.value, circle.cy.baseVal.value, circle.r.baseVal.value];
        // the label's box fits in the circle when its corners do
        const inside = [box.x, box.x + box.width].every((x) => [box.y, box.y + box.height].every((y) => Math.hypot(x - cx, y - cy) <= r));
        return [t.textContent, inside];
      }),
    );
    const all = (labels: string[]) => labels.map((l) => [l, true]);
    assert.deepEqual(nodes, all(['×', '×', '+', '×', '×(−1)', 'exp', '+1', '1/x', 'dot', '+', 'dot', '+']));
    // the layers drawn as boxes (ReLU, Softmax, Cross Entropy Error): each name inside its box
    const boxes = await page.$$eval('[data-testid=graph-box]', (texts) =>
      texts.map((t) => {
        const box = (t as SVGTextElement).getBBox();
        const r = (t.previousElementSibling as SVGRectElement).getBBox();
        return [t.textContent, box.x >= r.x && box.x + box.width <= r.x + r.width && box.y >= r.y && box.y + box.height <= r.y + r.height];
      }),
    );
    assert.deepEqual(boxes, all(['ReLU', 'Softmax', 'Cross Entropy Error']));
  });

  browserTest('at 390 px wide (a phone) no page is wider than the screen', async () => {
    const phone = watchErrors(await browser.newPage({ viewport: { width: 390, height: 800 } }), consoleErrors);
    await phone.goto(`${base}#explorer`);
    for (const name of ['explorer', 'train', 'draw', 'data', 'models']) {
      await phone.click(`nav a[data-page=${name}]`);
      await phone.waitForTimeout(100);
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `#${name} is ${width} px wide`);
    }
    await phone.screenshot({ path: join(SHOTS, 'phone-models.png'), fullPage: true });
    await phone.close();
  });

  browserTest('dist-web/index.html opened from disk says how to serve it instead of a dead page', async () => {
    const disk = await browser.newPage(); // the blocked modules log errors of their own here
    await disk.goto(`file://${join(SITE, 'index.html')}`);
    assert.equal(await disk.isVisible('[data-testid=no-server]'), true);
    assert.match((await disk.textContent('[data-testid=no-server]'))!, /This page needs a web server.*npm run web:preview/s);
    assert.equal(await disk.isVisible('main'), false);
    await disk.close();
  });

  browserTest('draw: a vertical stroke reads as 1 and a closed loop as 0', async () => {
    await page.goto(`${base}#draw`);
    await page.waitForFunction(() => !document.getElementById('draw-error')?.textContent);
    const box = (await page.locator('[data-testid=digit-canvas]').boundingBox())!;
    const stroke = async (points: [number, number][]) => {
      await page.mouse.move(box.x + points[0]![0], box.y + points[0]![1]);
      await page.mouse.down();
      for (const [x, y] of points.slice(1)) await page.mouse.move(box.x + x, box.y + y, { steps: 4 });
      await page.mouse.up();
    };
    const readDigit = async () => {
      await page.waitForFunction(() => document.querySelector('[data-testid=prediction]')?.getAttribute('data-digit') !== null);
      await page.waitForTimeout(100);
      return page.getAttribute('[data-testid=prediction]', 'data-digit');
    };
    // the empty canvas asks for a digit rather than guessing one
    await page.waitForSelector('[data-testid=draw-hint]');
    assert.equal(await page.getAttribute('[data-testid=prediction]', 'data-digit'), null);
    assert.match((await page.textContent('[data-testid=prediction]'))!, /^Draw a digit$/);
    await stroke([[140, 40], [140, 100], [140, 160], [140, 240]]);
    assert.equal(await readDigit(), '1');
    await page.screenshot({ path: join(SHOTS, 'draw-one.png'), fullPage: true });
    await page.click('[data-testid=digit-clear]');
    assert.equal(await page.locator('[data-testid=draw-hint]').count(), 1, 'cleared: asks for a digit again');
    const loop = Array.from({ length: 25 }, (_, i): [number, number] => [140 + 60 * Math.sin((2 * Math.PI * i) / 24), 140 - 95 * Math.cos((2 * Math.PI * i) / 24)]);
    await stroke(loop);
    assert.equal(await readDigit(), '0');
    await page.screenshot({ path: join(SHOTS, 'draw-zero.png'), fullPage: true });
  });

  browserTest('live training: 300 steps in the worker lower the loss while the main thread stays free', async (t) => {
    await page.goto(`${base}#train`);
    await page.selectOption('[data-testid=train-model]', 'two-layer');
    await page.selectOption('[data-testid=train-optimizer]', 'sgd');
    await page.evaluate(watchMainThread);
    await page.click('[data-testid=train-start]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=train-iter]')?.textContent) >= 1, undefined, { timeout: 60_000 });
    const start = await page.evaluate(() => performance.now());
    const first = Number(await page.getAttribute('[data-testid=train-loss]', 'data-value'));
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=train-iter]')?.textContent) >= 300, undefined, { timeout: 120_000 });
    const end = await page.evaluate(() => performance.now());
    const { longest, busy } = await page.evaluate(mainThreadLoad, [start, end] as [number, number]);
    // Training on the main thread fills it with long tasks (the worker's 50 ms slices) or blocks it for seconds;
    // a loaded machine stretches the page's own small tasks (charts, each model the worker sends) past 50 ms only now and then.
    const load = `longest task ${longest.toFixed(0)} ms; long tasks took ${(100 * busy).toFixed(0)}% of ${(end - start).toFixed(0)} ms of training`;
    t.diagnostic(load);
    // NOTE: bounds wide enough for a machine loaded 6× over (seen: 928 ms, 59%); training on the main thread gives ≈100%.
    assert.ok(longest < 2000, load);
    assert.ok(busy < 0.8, load);
    await page.click('[data-testid=train-start]'); // pause
    const later = Number(await page.getAttribute('[data-testid=train-loss]', 'data-value'));
    assert.ok(later < first, `loss ${first} → ${later}`);
    assert.equal(await page.textContent('[data-testid=train-start]'), 'Resume');
    await page.screenshot({ path: join(SHOTS, 'training.png'), fullPage: true });
    // served cross-origin isolated, the worker's kernels split large products across Web Workers
    assert.match((await page.textContent('[data-testid=train-kernels]'))!, /^wasm-.*×\d+ threads$/);
  });

  browserTest('live training: one thread where the page is not cross-origin isolated, and the same losses as with two', async () => {
    const losses = async (url: string) => {
      const p = await browser.newPage();
      p.on('pageerror', (e) => consoleErrors.push(e.message));
      await p.goto(url);
      await p.selectOption('[data-testid=train-model]', 'two-layer');
      await p.selectOption('[data-testid=train-optimizer]', 'sgd');
      await p.click('[data-testid=train-start]');
      await p.waitForFunction(() => Number(document.querySelector('[data-testid=train-iter]')?.textContent) >= 100, undefined, { timeout: 120_000 });
      await p.click('[data-testid=train-start]'); // pause
      const kernels = (await p.textContent('[data-testid=train-kernels]'))!;
      const isolated = await p.evaluate(() => crossOriginIsolated);
      // the first 100 losses drawn on the chart: read them back from the page's state
      const first = await p.evaluate(() => (window as unknown as { __trainLosses?: number[] }).__trainLosses?.slice(0, 100));
      await p.close();
      return { kernels, isolated, first };
    };
    const plain = await losses(`${base}?plain#train`);
    assert.equal(plain.isolated, false);
    assert.doesNotMatch(plain.kernels, /threads/);
    const isolated = await losses(`${base}#train`);
    assert.equal(isolated.isolated, true);
    assert.match(isolated.kernels, /×\d+ threads$/);
    assert.equal(plain.first?.length, 100);
    assert.deepEqual(isolated.first, plain.first, 'training is bit-identical with one thread or two');
  });

  browserTest('draw: a corrupt model file is reported on the page, not a blank canvas', async () => {
    const other = await browser.newPage();
    await other.route('**/pretrained.safetensors', (route) => route.fulfill({ status: 200, body: 'not a model at all' }));
    await other.goto(`${base}#draw`);
    await other.waitForFunction(() => (document.getElementById('draw-error')?.textContent ?? '') !== '');
    assert.match((await other.textContent('#draw-error'))!, /The pretrained model could not be loaded \(pretrained\.safetensors: .*not a valid safetensors file/);
    await other.route('**/pretrained.safetensors', (route) => route.fulfill({ status: 404, body: '' }));
    await other.reload();
    await other.waitForFunction(() => (document.getElementById('draw-error')?.textContent ?? '') !== '');
    assert.match((await other.textContent('#draw-error'))!, /HTTP 404/);
    await other.close();
  });

  browserTest('logs no console errors', () => {
    assert.deepEqual(consoleErrors, []);
  });
});
