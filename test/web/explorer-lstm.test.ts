import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { LSTM, Rng, Tensor } from '../../src/index.js';
import { ja } from '../../web/src/i18n/ja.js';
import { zhCN } from '../../web/src/i18n/zh-CN.js';
import { SHOTS, browserTest, launch, reason, serve, watchErrors } from '../../test-support/web/site.js';

const f64 = (v: number[][]) => Tensor.from(v, { dtype: 'float64' });
const row = (v: Tensor) => [...v.data];
const sigmoid = (a: number) => 1 / (1 + Math.exp(-a));

/** The full value the page shows on one edge (data-value holds it as JSON; null before its step). */
async function shown(page: Page, id: string): Promise<unknown> {
  const v = await page.getAttribute(`[data-testid=${id}]`, 'data-value');
  return v === '' || v === null ? null : JSON.parse(v);
}

async function setInput(page: Page, id: string, value: string): Promise<void> {
  await page.fill(`[data-testid=${id}]`, value);
  await page.dispatchEvent(`[data-testid=${id}]`, 'change');
}

async function step(page: Page, forward: number, backward: number): Promise<void> {
  for (let i = 0; i < forward; i++) await page.click('[data-testid=step-forward]');
  for (let i = 0; i < backward; i++) await page.click('[data-testid=step-backward]');
}

function close(got: unknown, want: readonly number[], what: string): void {
  assert.ok(Array.isArray(got) && got.length === want.length, `${what}: ${JSON.stringify(got)}`);
  (got as number[]).forEach((v, k) => assert.ok(Math.abs(v - want[k]!) <= 1e-12, `${what}[${k}]: ${v} vs ${want[k]}`));
}

// The second volume's LSTM cell (figures 6-19, 6-20): every number the page draws against the library's LSTM run here
describe("the explorer's LSTM cell in Chromium", () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base: string;
  const errors: string[] = [];

  before(async () => {
    if (reason !== null) return;
    ({ server, base } = await serve());
    browser = await launch();
    page = watchErrors(await browser.newPage({ viewport: { width: 1300, height: 900 } }), errors);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  browserTest('forward h, c and the gates, backward dx, dh_prev, dc_prev, dWx, dWh, db: what the LSTM layer gives', async () => {
    await page.goto(`${base}#explorer`);
    await page.reload();
    const [x, hPrev, cPrev, dh, dc, seed] = [[0.7, -1.3], [0.25, 0.4], [-0.6, 1.1], [0.5, -2], [1.5, 0.3], 7];
    await setInput(page, 'lstm-x-in', x.join(', '));
    await setInput(page, 'lstm-hprev', hPrev.join(', '));
    await setInput(page, 'lstm-cprev', cPrev.join(', '));
    await setInput(page, 'lstm-dh-in', dh.join(', '));
    await setInput(page, 'lstm-dc-in', dc.join(', '));
    await setInput(page, 'lstm-seed', String(seed));

    // the weights: the library's seeded normal draws, b zeros
    const rng = new Rng(seed);
    const Wx = Tensor.randn([2, 8], rng, { dtype: 'float64' });
    const Wh = Tensor.randn([2, 8], rng, { dtype: 'float64' });
    const b = Tensor.zeros([8], { dtype: 'float64' });
    assert.deepEqual(await shown(page, 'lstm-Wx'), Wx.toArray());
    assert.deepEqual(await shown(page, 'lstm-Wh'), Wh.toArray());
    assert.deepEqual(await shown(page, 'lstm-b'), b.toArray());
    const cell = new LSTM(Wx, Wh, b);
    const out = cell.forward(f64([x]), f64([hPrev]), f64([cPrev]));

    // step by step: nothing before its step
    await step(page, 1, 0);
    assert.equal(await shown(page, 'lstm-f'), null, 'the gates wait for the second step');
    await step(page, 1, 0);
    assert.equal(await shown(page, 'lstm-c'), null, 'c waits for the third step');
    // the gates, checked against σ and tanh of A = x·Wx + h_prev·Wh + b worked out here in plain numbers
    const [wx, wh] = [Wx.data, Wh.data];
    const A = Array.from({ length: 8 }, (_, j) => x[0]! * wx[j]! + x[1]! * wx[8 + j]! + hPrev[0]! * wh[j]! + hPrev[1]! * wh[8 + j]!);
    close(await shown(page, 'lstm-f'), A.slice(0, 2).map(sigmoid), 'f');
    close(await shown(page, 'lstm-g'), A.slice(2, 4).map(Math.tanh), 'g');
    close(await shown(page, 'lstm-i'), A.slice(4, 6).map(sigmoid), 'i');
    close(await shown(page, 'lstm-o'), A.slice(6, 8).map(sigmoid), 'o');
    await step(page, 1, 0);
    assert.deepEqual(await shown(page, 'lstm-c'), row(out.c));
    assert.equal(await shown(page, 'lstm-h'), null, 'h waits for the fourth step');
    await step(page, 1, 1);
    assert.deepEqual(await shown(page, 'lstm-h'), row(out.h));
    close(await shown(page, 'lstm-tanh_c'), row(out.c).map(Math.tanh), 'tanh c');
    assert.deepEqual(await shown(page, 'lstm-dh'), dh);
    assert.deepEqual(await shown(page, 'lstm-dc'), dc);
    assert.equal(await shown(page, 'lstm-dc_prev'), null, 'dc_prev waits for the second backward step');

    const back = cell.backward(f64([dh]), f64([dc]));
    await step(page, 0, 1);
    assert.deepEqual(await shown(page, 'lstm-dc_prev'), row(back.dcPrev));
    const dA = row(cell.grads.b);
    for (const [k, id] of ['df', 'dg', 'di', 'do'].entries()) assert.deepEqual(await shown(page, `lstm-${id}`), dA.slice(2 * k, 2 * k + 2), id);
    assert.equal(await shown(page, 'lstm-dx'), null, 'dx waits for the third backward step');
    await step(page, 0, 1);
    assert.deepEqual(await shown(page, 'lstm-dx'), row(back.dx));
    assert.deepEqual(await shown(page, 'lstm-dh_prev'), row(back.dhPrev));
    assert.deepEqual(await shown(page, 'lstm-dWx'), cell.grads.Wx.toArray());
    assert.deepEqual(await shown(page, 'lstm-dWh'), cell.grads.Wh.toArray());
    assert.deepEqual(await shown(page, 'lstm-db'), cell.grads.b.toArray());
    // c's gradient into c_prev is ds ⊙ f, with ds = dc + dh ⊙ o ⊙ (1 − tanh²c): worked out here
    const o = A.slice(6, 8).map(sigmoid);
    const f = A.slice(0, 2).map(sigmoid);
    close(await shown(page, 'lstm-dc_prev'), row(out.c).map((c, k) => (dc[k]! + dh[k]! * o[k]! * (1 - Math.tanh(c) ** 2)) * f[k]!), 'dc_prev');
    await page.screenshot({ path: join(SHOTS, 'explorer-lstm.png'), fullPage: true });

    // Reset starts over
    await page.click('[data-testid=step-reset]');
    assert.equal(await shown(page, 'lstm-h'), null);
    assert.equal(await shown(page, 'lstm-dx'), null);
  });

  browserTest('a bad input (x, dh, the seed) hides only the LSTM graph and names what it expected', async () => {
    for (const [input, value, title] of [['lstm-x-in', '1, x', /1 row of 2 numbers/], ['lstm-dh-in', '1', /1 row of 2 numbers/], ['lstm-seed', '1.5', /whole number/], ['lstm-seed', '-2', /whole number/]] as const) {
      await page.goto(`${base}#explorer`);
      await page.reload();
      await setInput(page, input, value);
      await step(page, 4, 3);
      assert.equal(await page.getAttribute(`[data-testid=${input}]`, 'class'), 'invalid', input);
      assert.match((await page.getAttribute(`[data-testid=${input}]`, 'title'))!, title);
      assert.notEqual(await page.textContent('[data-testid=lstm-error]'), '');
      assert.equal(await page.locator('[data-testid=graph-lstm] svg').count(), 0, `a bad ${input} hides the LSTM graph`);
      assert.equal(await page.locator('[data-testid=graph-affine] svg').count(), 1, 'the other graphs stay');
      assert.equal(await page.locator('[data-testid=graph-softmax-loss] svg').count(), 1, 'the other graphs stay');
      // fixed, it comes back
      await setInput(page, input, input === 'lstm-seed' ? '3' : '1, 2');
      assert.equal(await page.textContent('[data-testid=lstm-error]'), '');
      assert.equal(await page.locator('[data-testid=graph-lstm] svg').count(), 1);
    }
  });

  browserTest("at 390 px, in each language: every node's label inside its circle or box, the page no wider than the screen, the book's words", async () => {
    for (const [lang, words] of [['en', ['forget gate', 'input gate', 'output gate', 'memory cell']], ['ja', ['忘却ゲート', '入力ゲート', '出力ゲート', '記憶セル']], ['zh-CN', ['遗忘门', '输入门', '输出门', '记忆单元']]] as const) {
      const c = await browser.newContext({ viewport: { width: 390, height: 800 } });
      const phone = watchErrors(await c.newPage(), errors);
      await phone.goto(`${base}?lang=${lang}#explorer`);
      await step(phone, 4, 3);
      const inside = await phone.$$eval('[data-testid=lstm-node], [data-testid=lstm-box]', (texts) =>
        texts.map((t) => {
          const b = (t as SVGTextElement).getBBox();
          const shape = t.previousElementSibling as SVGGraphicsElement;
          if (shape instanceof SVGCircleElement) {
            const [cx, cy, r] = [shape.cx.baseVal.value, shape.cy.baseVal.value, shape.r.baseVal.value];
            return [t.textContent, [b.x, b.x + b.width].every((x) => [b.y, b.y + b.height].every((y) => Math.hypot(x - cx, y - cy) <= r))];
          }
          const r = shape.getBBox();
          return [t.textContent, b.x >= r.x && b.x + b.width <= r.x + r.width && b.y >= r.y && b.y + b.height <= r.y + r.height];
        }),
      );
      assert.deepEqual(inside, ['affine', 'σ', 'tanh', 'σ', 'σ', '×', '×', '+', 'tanh', '×'].map((l) => [l, true]), lang);
      assert.ok((await phone.evaluate(() => document.documentElement.scrollWidth)) <= 390, `${lang}: wider than the screen`);
      const text = (await phone.textContent('[data-testid=graph-lstm]'))!;
      for (const w of words) assert.ok(text.includes(w), `${lang}: ${w} in the graph`);
      if (lang !== 'en') assert.ok(text.includes((lang === 'ja' ? ja : zhCN)['lstm.params']), `${lang}: the weights' line`);
      await c.close();
    }
  });

  browserTest('logs no console errors', () => {
    assert.deepEqual(errors, []);
  });
});
