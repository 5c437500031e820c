import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { encode as encodePng } from 'fast-png';
import type { Browser, Page } from 'playwright-core';
import { Rng, Tensor, activationHistograms, digitPhoto, evaluate, inspectModel, loadMnist, loadModel } from '../../src/index.js';
import { ROOT } from '../helpers.js';
import { SHOTS, browserTest, launch, reason, serve, watchErrors } from '../../test-support/web/site.js';

const text = async (page: Page, id: string) => (await page.textContent(`[data-testid=${id}]`)) ?? '';

/** The page's ten probabilities for the digit it shows now. */
async function probabilities(page: Page): Promise<number[]> {
  await page.waitForSelector('[data-testid=prediction-9]');
  return page.$$eval('[data-testid^=prediction-]', (bars) => bars.map((b) => Number(b.getAttribute('data-value'))));
}

// Train on the page, look inside, keep the model: checked against the library in Node and the command line.
describe('the training page in Chromium: epochs, look inside, keep the model', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base: string;
  const errors: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'web-train-'));
  const photo = join(dir, 'digit.png');
  const { test } = loadMnist({ trainLimit: 1, testLimit: 2000 }); // the page's test images are MNIST's first 2,000

  before(async () => {
    if (reason !== null) return;
    const img = digitPhoto(test.images.data.subarray(784, 2 * 784), 'gray-paper', new Rng(3));
    writeFileSync(photo, encodePng({ width: img.width, height: img.height, channels: 1, depth: 8, data: Uint8Array.from(img.gray, (v) => Math.round(v)) }));
    ({ server, base } = await serve());
    browser = await launch();
    page = watchErrors(await browser.newPage({ viewport: { width: 1200, height: 900 } }), errors);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  browserTest("2 epochs end by themselves; the look inside is the library's on the trained model; the download reads with scratchnet eval", async (t) => {
    await page.goto(`${base}#train`);
    await page.selectOption('[data-testid=train-model]', 'two-layer');
    await page.selectOption('[data-testid=train-optimizer]', 'sgd');
    assert.equal(await page.inputValue('[data-testid=train-lr]'), '0.1');
    await page.fill('[data-testid=train-epochs]', '2');
    await page.fill('[data-testid=train-batch]', '100');
    await page.click('[data-testid=train-start]');
    await page.waitForFunction(() => document.querySelector('[data-testid=train-status]')?.textContent?.startsWith('done'), undefined, { timeout: 120_000 });
    assert.equal(await text(page, 'train-epoch'), '2 / 2');
    assert.equal(await text(page, 'train-iter'), '200');
    assert.equal(await text(page, 'train-start'), 'Start');
    await page.waitForFunction(() => document.querySelector('[data-testid=inside-epoch]')?.getAttribute('data-epoch') === '2');
    await page.screenshot({ path: join(SHOTS, 'look-inside.png'), fullPage: true });

    await page.click('nav a[data-page=models]');
    assert.match(await text(page, 'current-model'), /^two-layer 784-50-10 relu \(trained on this page, 200 iterations\)$/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=model-download]')]);
    const file = join(dir, 'trained.safetensors');
    await download.saveAs(file);
    const model = loadModel(file);

    // the confusion matrix, the misclassified images, the histograms and the tiles, as the library finds them
    const shown = JSON.parse((await page.getAttribute('[data-testid=confusion-matrix]', 'data-value'))!) as number[][];
    const ev = evaluate(model, test);
    assert.ok(ev.task === 'classification');
    assert.deepEqual(shown, ev.confusion);
    const testAcc = Number(await page.getAttribute('[data-testid=train-acc]', 'data-value'));
    assert.equal(testAcc, ev.accuracy);
    const look = inspectModel(model, test, { misclassified: 24 });
    const gallery = await page.$$eval('[data-testid=misclassified] figure', (figs) => figs.map((f) => [Number(f.getAttribute('data-index')), Number(f.getAttribute('data-predicted')), Number(f.getAttribute('data-actual'))]));
    assert.equal(gallery.length, 24);
    assert.deepEqual(gallery, look.misclassified.map((m) => [m.index, m.predicted, m.actual]));
    const hist = await page.$$eval('[data-testid=activation-histogram]', (hs) => hs.map((h) => [h.getAttribute('data-layer'), h.getAttribute('data-counts')]));
    const first200 = new Tensor(test.images.data.subarray(0, 200 * 784), [200, 784]);
    assert.deepEqual(hist, activationHistograms(model, first200).map((h) => [h.layer, h.counts.join(',')]));
    assert.equal(await page.getAttribute('[data-testid=first-layer-weights]', 'data-count'), '50');
    assert.equal(await page.getAttribute('[data-testid=first-layer-weights]', 'data-shape'), '28x28');
    assert.equal(await page.locator('[data-testid=first-layer-weights] canvas').count(), 50);

    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'scratchnet.js'), 'eval', '--model', file, '--test-limit', '2000', '--json'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const cli = JSON.parse(r.stdout) as { testAcc: number; images: number };
    t.diagnostic(`page test accuracy ${testAcc}, scratchnet eval ${cli.testAcc} on ${cli.images} images`);
    assert.equal(cli.testAcc, testAcc);
  });

  browserTest('the trained model, stored, reloaded and restored, reads a digit with the same probabilities', async () => {
    await page.click('nav a[data-page=draw]');
    await page.setInputFiles('[data-testid=digit-image]', photo);
    await page.waitForFunction(() => document.querySelector('[data-testid=draw-model]')?.textContent?.includes('trained on this page'));
    const trained = await probabilities(page);
    await page.click('nav a[data-page=models]');
    await page.fill('[data-testid=model-name]', 'two epochs');
    await page.click('[data-testid=model-store]');
    await page.waitForSelector('[data-testid=stored-model][data-name="two epochs"]');
    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid=current-model]')?.textContent?.includes('pretrained'));
    await page.click('[data-testid=model-restore][data-name="two epochs"]');
    await page.waitForFunction(() => document.querySelector('[data-testid=current-model]')?.textContent?.includes("stored 'two epochs'"));
    await page.click('nav a[data-page=draw]');
    await page.setInputFiles('[data-testid=digit-image]', photo);
    await page.waitForFunction(() => document.querySelector('[data-testid=digit-source]')?.textContent?.startsWith('read from'));
    assert.deepEqual(await probabilities(page), trained);
  });

  browserTest('a conv net stopped early shows its 5×5 filters, and the stop is said', async () => {
    await page.click('nav a[data-page=train]');
    await page.selectOption('[data-testid=train-model]', 'simple-conv');
    assert.equal(await page.inputValue('[data-testid=train-batch]'), '50');
    await page.click('[data-testid=train-start]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=train-iter]')?.textContent) >= 5, undefined, { timeout: 120_000 });
    await page.click('[data-testid=train-stop]');
    await page.waitForFunction(() => document.querySelector('[data-testid=train-status]')?.textContent?.startsWith('done'), undefined, { timeout: 120_000 });
    assert.match(await text(page, 'train-status'), /^done: stopped after 1 epoch, test accuracy \d\.\d{3}$/);
    assert.equal(await page.getAttribute('[data-testid=first-layer-weights]', 'data-count'), '30');
    assert.equal(await page.getAttribute('[data-testid=first-layer-weights]', 'data-shape'), '5x5');
    const m = JSON.parse((await page.getAttribute('[data-testid=confusion-matrix]', 'data-value'))!) as number[][];
    assert.equal(m.flat().reduce((a, b) => a + b, 0), 500, 'the conv net is looked at on 500 test images');
    await page.screenshot({ path: join(SHOTS, 'look-inside-conv.png'), fullPage: true });
  });

  browserTest('at 390 px wide the curves, the look inside and the stored models fit the screen', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    for (const name of ['train', 'models']) {
      await page.click(`nav a[data-page=${name}]`);
      await page.waitForTimeout(100);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `#${name} is ${width} px wide`);
    }
    await page.click('nav a[data-page=train]');
    await page.screenshot({ path: join(SHOTS, 'phone-train.png'), fullPage: true });
  });

  browserTest('logs no console errors', () => {
    assert.deepEqual(errors, []);
  });
});
