import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { AddLayer, Affine, MulLayer, Relu, SoftmaxWithLoss, Tensor } from '../../src/index.js';
import { SHOTS, browserTest, launch, reason, serve, watchErrors } from '../../test-support/web/site.js';

const f64 = (v: number[] | number[][]) => Tensor.from(v, { dtype: 'float64' });

/** The full value the page shows on one edge (data-value holds it as JSON; '' before its step). */
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

// The book's chapter-5 figures beside the sigmoid and Affine ones: each edge's number against the library's own layer
describe("the explorer's book graphs in Chromium: shopping, ReLU, Affine in batch form, Softmax-with-Loss", () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base: string;
  const errors: string[] = [];

  before(async () => {
    if (reason !== null) return;
    ({ server, base } = await serve());
    browser = await launch();
    page = watchErrors(await browser.newPage({ viewport: { width: 1200, height: 900 } }), errors);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  browserTest("the shopping graph (figure 5-17) shows the book's numbers, from MulLayer and AddLayer", async () => {
    await page.goto(`${base}#explorer`);
    await step(page, 1, 0);
    assert.equal(await shown(page, 'shopping-value-applePrice'), 200);
    assert.equal(await shown(page, 'shopping-value-allPrice'), null, 'the add node waits for its step');
    await step(page, 2, 3);
    // the book's buy_apple_orange.py, with the library's nodes
    const [mulApple, mulOrange, add, mulTax] = [new MulLayer(), new MulLayer(), new AddLayer(), new MulLayer()];
    const all = add.forward(mulApple.forward(100, 2), mulOrange.forward(150, 3));
    const price = mulTax.forward(all, 1.1);
    const [dAll, dTax] = mulTax.backward(1);
    const [dApplePrice, dOrangePrice] = add.backward(dAll);
    const [dApple, dAppleNum] = mulApple.backward(dApplePrice);
    const [dOrange, dOrangeNum] = mulOrange.backward(dOrangePrice);
    const want: Record<string, number> = { 'value-allPrice': all, 'value-price': price, 'grad-allPrice': dAll, 'grad-tax': dTax, 'grad-applePrice': dApplePrice, 'grad-orangePrice': dOrangePrice, 'grad-apple': dApple, 'grad-appleNum': dAppleNum, 'grad-orange': dOrange, 'grad-orangeNum': dOrangeNum };
    for (const [id, v] of Object.entries(want)) assert.equal(await shown(page, `shopping-${id}`), v, id);
    // drawn as the book prints them: 715, 110, 2.2, 3.3, 165, 650
    const text = async (id: string) => (await page.textContent(`[data-testid=shopping-${id}]`))!;
    assert.deepEqual([await text('value-price'), await text('grad-appleNum'), await text('grad-apple'), await text('grad-orange'), await text('grad-orangeNum'), await text('grad-tax')], ['715', '110', '2.2', '3.3', '165', '650']);
  });

  browserTest('ReLU, the batch Affine and Softmax-with-Loss show what the Relu, Affine and SoftmaxWithLoss layers give', async () => {
    await page.goto(`${base}#explorer`);
    await page.reload();
    await setInput(page, 'relu-x', '-2, 0, 0.5, 3, -0.1');
    await setInput(page, 'relu-dout', '1, 2, 3, 4, 5');
    await setInput(page, 'affine-n-x', '1, 2; 3, 4; 5, 6; -1, 0.5; 0, 0');
    await setInput(page, 'affine-n-dy', '1, 0, 0; 0, 1, 0; 0, 0, 1; 1, 1, 1; 2, -1, 0.5');
    await setInput(page, 'softmax-loss-a', '0.3, 2.9, 4.0, -1');
    await setInput(page, 'softmax-loss-t', '1');
    await step(page, 3, 3);

    const relu = new Relu();
    assert.deepEqual(await shown(page, 'relu-y'), [...relu.forward(f64([-2, 0, 0.5, 3, -0.1])).data]);
    assert.deepEqual(await shown(page, 'relu-dx'), [...relu.backward(f64([1, 2, 3, 4, 5])).data]);
    assert.deepEqual(await shown(page, 'relu-dx'), [0, 0, 3, 4, 0], 'the gradient passes only where x > 0');

    const affine = new Affine(f64([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]), f64([0.1, 0.2, 0.3]));
    const dY = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1], [2, -1, 0.5]];
    const Y = affine.forward(f64([[1, 2], [3, 4], [5, 6], [-1, 0.5], [0, 0]]));
    const dX = affine.backward(f64(dY));
    assert.deepEqual(await shown(page, 'affine-n-Y'), Y.toArray());
    assert.deepEqual(await shown(page, 'affine-n-dX'), dX.toArray());
    assert.deepEqual(await shown(page, 'affine-n-dW'), affine.grads.W!.toArray());
    assert.deepEqual(await shown(page, 'affine-n-dB'), affine.grads.b!.toArray());
    assert.deepEqual(await shown(page, 'affine-n-dB'), [4, 1, 2.5], 'dB sums dY over the 5 rows');
    assert.match((await page.textContent('[data-testid=graph-affine-n]'))!, /X \(5×2\)/);

    const swl = new SoftmaxWithLoss();
    const loss = swl.forward(f64([0.3, 2.9, 4.0, -1]), Int32Array.of(1));
    const y = [...swl.y!.data];
    const da = [...swl.backward(1).data];
    assert.deepEqual(await shown(page, 'softmax-loss-y'), y);
    assert.equal(await shown(page, 'softmax-loss-L'), loss);
    assert.equal(await shown(page, 'softmax-loss-dL'), 1);
    assert.deepEqual(await shown(page, 'softmax-loss-da'), da);
    const yMinusT = y.map((v, i) => v - (i === 1 ? 1 : 0));
    ((await shown(page, 'softmax-loss-da')) as number[]).forEach((v, i) => assert.ok(Math.abs(v - yMinusT[i]!) < 1e-15, `da[${i}] = y − t`));
    await page.screenshot({ path: join(SHOTS, 'explorer-book.png'), fullPage: true });
  });

  browserTest('a bad input hides only its own graph, each of the seven', async () => {
    const bad: [string, string, string][] = [
      ['shopping', 'shopping-tax', 'ten percent'], ['relu', 'relu-dout', '1, 2'], ['sigmoid', 'sigmoid-x', 'x'],
      ['affine', 'affine-b', '1, 2'], ['affine-n', 'affine-n-dy', '1, 2, 3'], ['softmax-loss', 'softmax-loss-t', '7'],
      ['lstm', 'lstm-cprev', '0.5'],
    ];
    const names = bad.map(([g]) => g);
    for (const [graph, input, value] of bad) {
      await page.goto(`${base}#explorer`);
      await page.reload();
      await setInput(page, input, value);
      await step(page, 1, 0);
      assert.equal(await page.getAttribute(`[data-testid=${input}]`, 'class'), 'invalid', input);
      assert.notEqual((await page.textContent(`[data-testid=${graph}-error]`))!, '', `${graph}: its error line`);
      for (const other of names) {
        const drawn = await page.locator(`[data-testid=graph-${other}] svg`).count();
        assert.equal(drawn, other === graph ? 0 : 1, `a bad ${input}: graph-${other}`);
        if (other !== graph) assert.equal(await page.textContent(`[data-testid=${other}-error]`), '', `${other}: no error`);
      }
    }
  });

  browserTest('logs no console errors', () => {
    assert.deepEqual(errors, []);
  });
});
