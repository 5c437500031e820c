import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { encode as encodePng } from 'fast-png';
import type { Browser, Page } from 'playwright-core';
import { Rng, decodeSafetensors, evaluate, loadModel, parseCsv, preprocessingFromMetadata, takeTableRows } from '../../src/index.js';
import { SHOTS, browserTest, launch, reason, serve, watchErrors } from '../../test-support/web/site.js';

/** The page's split: a permutation from seed 0, the first fifth held back to test. */
function testRows(n: number): Int32Array {
  return new Rng(0).permutation(n).subarray(0, Math.max(1, Math.round(0.2 * n)));
}

/** The downloaded model on the page's held-back rows, with the preprocessing stored in its file. */
function evaluateDownload(file: string, csv: string, name: string) {
  const model = loadModel(file);
  const prep = preprocessingFromMetadata(decodeSafetensors(readFileSync(file), file).metadata, file)!;
  const table = parseCsv(csv, { name });
  const t = prep.transform(takeTableRows(table, testRows(table.rows.length)));
  return evaluate(model, { images: t.x, labels: t.y! });
}

// Your own file in the page: a CSV (regression and classes) or an image folder, read with the library's readers.
describe('the Your data page in Chromium', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base: string;
  const errors: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'web-data-'));
  const rng = new Rng(5);
  const flats = Array.from({ length: 250 }, () => {
    const area = 30 + 100 * rng.random();
    const city = ['Lyon', 'Paris'][rng.int(2)]!;
    return `${area.toFixed(1)},${city},${(2 * area + (city === 'Paris' ? 80 : 0) + 5 * rng.normal()).toFixed(1)}`;
  });
  const flatsCsv = `area,city,price\n${flats.join('\n')}\n`;
  const flowers = Array.from({ length: 150 }, (_, i) => `${(1.5 + 2 * (i % 3) + 0.4 * rng.normal()).toFixed(2)};${(5 + 0.3 * (i % 3) + 0.4 * rng.normal()).toFixed(2)};${['setosa', 'versicolor', 'virginica'][i % 3]}`);
  const flowersCsv = `petal;sepal;species\n${flowers.join('\n')}\n`;

  before(async () => {
    if (reason !== null) return;
    writeFileSync(join(dir, 'flats.csv'), flatsCsv);
    writeFileSync(join(dir, 'flowers.csv'), flowersCsv);
    writeFileSync(join(dir, 'ragged.csv'), 'a,b,c\n1,2,3\n4,5\n');
    // bars: a class folder of horizontal ones, one of vertical ones, 20×20 gray PNGs
    for (const kind of ['horizontal', 'vertical']) {
      mkdirSync(join(dir, 'bars', kind), { recursive: true });
      for (let i = 0; i < 15; i++) {
        const px = new Uint8Array(400).fill(230);
        const at = 3 + rng.int(14);
        for (let k = 0; k < 20; k++) for (let w = 0; w < 3; w++) px[kind === 'horizontal' ? (at + w) * 20 + k : k * 20 + at + w] = 20;
        writeFileSync(join(dir, 'bars', kind, `${i}.png`), encodePng({ width: 20, height: 20, channels: 1, depth: 8, data: px }));
      }
    }
    ({ server, base } = await serve());
    browser = await launch();
    page = watchErrors(await browser.newPage({ viewport: { width: 1200, height: 900 } }), errors);
    await page.goto(`${base}#data`);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  const trainFor = async (epochs: number) => {
    await page.fill('[data-testid=data-epochs]', String(epochs));
    await page.click('[data-testid=data-train]');
    await page.waitForFunction(() => document.querySelector('[data-testid=data-status]')?.textContent?.startsWith('done'), undefined, { timeout: 120_000 });
  };

  browserTest('a CSV regression: the fitted picture, and the R² of the downloaded model on the held-back rows', async () => {
    await page.setInputFiles('[data-testid=data-csv]', join(dir, 'flats.csv'));
    await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]')?.getAttribute('data-task') === 'regression');
    assert.match((await page.textContent('[data-testid=data-summary]'))!, /^flats\.csv: 250 samples \(200 to train on, 50 held back to test\), input of shape \[3\], regression of "price" from the features "area", "city=Lyon", "city=Paris"\.$/);
    await trainFor(40);
    assert.equal(await page.getAttribute('[data-testid=data-scatter]', 'data-points'), '50');
    await page.screenshot({ path: join(SHOTS, 'own-data-regression.png'), fullPage: true });
    const shown = Number(await page.getAttribute('[data-testid=data-test-score]', 'data-value'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=data-download]')]);
    const file = join(dir, 'flats.safetensors');
    await download.saveAs(file);
    const ev = evaluateDownload(file, flatsCsv, 'flats.csv');
    assert.ok(ev.task === 'regression');
    assert.ok(Math.abs(ev.r2 - shown) < 1e-6, `page R² ${shown}, library ${ev.r2}`);
    assert.ok(ev.r2 > 0.9, `R² ${ev.r2}`);
    assert.match((await page.textContent('[data-testid=data-status]'))!, new RegExp(`on the 50 held-back samples R² ${ev.r2.toFixed(3)}$`));
  });

  browserTest("a CSV of classes: the confusion matrix is evaluate's on the held-back rows of the downloaded model", async () => {
    await page.setInputFiles('[data-testid=data-csv]', join(dir, 'flowers.csv'));
    await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]')?.getAttribute('data-task') === 'classification');
    assert.match((await page.textContent('[data-testid=data-summary]'))!, /classification into 3 classes \("setosa", "versicolor", "virginica"\)/);
    await trainFor(20);
    const shown = JSON.parse((await page.getAttribute('[data-testid=data-confusion]', 'data-value'))!) as number[][];
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=data-download]')]);
    const file = join(dir, 'flowers.safetensors');
    await download.saveAs(file);
    const ev = evaluateDownload(file, flowersCsv, 'flowers.csv');
    assert.ok(ev.task === 'classification');
    assert.deepEqual(shown, ev.confusion);
    assert.equal(Number(await page.getAttribute('[data-testid=data-test-score]', 'data-value')), ev.accuracy);
  });

  browserTest('an image folder of two classes trains a conv net, with its confusion matrix', async () => {
    await page.setInputFiles('[data-testid=data-folder]', join(dir, 'bars'));
    await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]')?.getAttribute('data-task') === 'classification');
    assert.match((await page.textContent('[data-testid=data-summary]'))!, /^bars: 30 samples \(24 to train on, 6 held back to test\), input of shape \[1, 28, 28\], classification into 2 classes \("horizontal", "vertical"\)\.$/);
    await trainFor(15);
    const m = JSON.parse((await page.getAttribute('[data-testid=data-confusion]', 'data-value'))!) as number[][];
    assert.deepEqual(m.map((row) => row.reduce((a, b) => a + b, 0)), [3, 3], 'held back stratified: 3 of each class');
    await page.screenshot({ path: join(SHOTS, 'own-data-images.png'), fullPage: true });
    const trainAcc = Number(await page.getAttribute('[data-testid=data-train-score]', 'data-value'));
    assert.ok(trainAcc >= 0.9, `train accuracy ${trainAcc}: the conv net tells the bars apart`);
  });

  browserTest('a CSV file dropped on the page (a real drop event carrying a DataTransfer) is read as an opened one', async () => {
    await page.reload();
    const events = await page.evaluate((csv) => {
      const zone = document.querySelector<HTMLElement>('[data-testid=data-drop]')!;
      const data = new DataTransfer();
      data.items.add(new File([csv], 'dropped flowers.csv', { type: 'text/csv' }));
      const over = new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true });
      zone.dispatchEvent(over);
      const highlighted = zone.classList.contains('over');
      const drop = new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true });
      zone.dispatchEvent(drop);
      // the page takes both (the browser would otherwise open the file in the tab)
      return { overTaken: over.defaultPrevented, dropTaken: drop.defaultPrevented, highlighted, after: zone.classList.contains('over') };
    }, flowersCsv);
    assert.deepEqual(events, { overTaken: true, dropTaken: true, highlighted: true, after: false });
    await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]')?.getAttribute('data-task') === 'classification');
    assert.match((await page.textContent('[data-testid=data-summary]'))!, /^dropped flowers\.csv: 150 samples \(120 to train on, 30 held back to test\), input of shape \[2\], classification into 3 classes \("setosa", "versicolor", "virginica"\) from the features "petal", "sepal"\.$/);
    assert.equal(await page.inputValue('[data-testid=data-target]'), 'species');
    assert.equal(await page.isDisabled('[data-testid=data-train]'), false);
  });

  browserTest("a file the readers refuse is said on the page with the library's message", async () => {
    await page.setInputFiles('[data-testid=data-csv]', join(dir, 'ragged.csv'));
    await page.waitForFunction(() => (document.querySelector('[data-testid=data-error]')?.textContent ?? '') !== '');
    assert.match((await page.textContent('[data-testid=data-error]'))!, /^ragged\.csv, row 2 \(line 3\): 2 fields, expected 3 like the header/);
    assert.equal(await page.isDisabled('[data-testid=data-train]'), true);
  });

  browserTest('logs no console errors', () => {
    assert.deepEqual(errors, []);
  });
});
