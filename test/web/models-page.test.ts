import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe } from 'node:test';
import { encode as encodePng } from 'fast-png';
import type { Browser, Page } from 'playwright-core';
import { Rng, Tensor, TwoLayerNet, activationHistograms, digitPhoto, encodeSafetensors, inspectModel, loadMnist, loadModel, modelFileBytes, type Model } from '../../src/index.js';
import { ROOT } from '../helpers.js';
import { browserTest, launch, reason, serve, watchErrors } from '../../test-support/web/site.js';

function scratchnet(...args: string[]): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'scratchnet.js'), ...args], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, `scratchnet ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The page's ten probabilities for the digit it shows now. */
async function probabilities(page: Page): Promise<number[]> {
  await page.waitForSelector('[data-testid=prediction-9]');
  return page.$$eval('[data-testid^=prediction-]', (bars) => bars.map((b) => Number(b.getAttribute('data-value'))));
}

/** Opens a file through one of the page's file inputs. */
async function open(page: Page, testid: string, path: string): Promise<void> {
  await page.setInputFiles(`[data-testid=${testid}]`, path);
}

// Models written by the command line, opened, kept and given back by the page.
describe('the Models page in Chromium: files and stored models', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base: string;
  const errors: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'web-models-'));
  const mlp = join(dir, 'mlp.safetensors');
  const cnn = join(dir, 'cnn.safetensors');
  const photo = join(dir, 'seven.png');

  before(async () => {
    if (reason !== null) return;
    scratchnet('train', '--iters', '150', '--train-limit', '3000', '--test-limit', '100', '--quiet', '--out', mlp);
    scratchnet('train', '--model', 'simple-conv', '--hidden', '20', '--iters', '10', '--batch-size', '20', '--train-limit', '200', '--test-limit', '20', '--quiet', '--out', cnn);
    // a photo-like picture of a test digit, dark ink on paper, as predict reads it
    const { test } = loadMnist({ trainLimit: 1, testLimit: 1 });
    const img = digitPhoto(test.images.data.subarray(0, 784), 'clean', new Rng(7));
    writeFileSync(photo, encodePng({ width: img.width, height: img.height, channels: 1, depth: 8, data: Uint8Array.from(img.gray, (v) => Math.round(v)) }));
    ({ server, base } = await serve());
    browser = await launch();
    page = watchErrors(await browser.newPage({ viewport: { width: 1200, height: 900 } }), errors);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  browserTest('a model written by scratchnet train, MLP and CNN, gives the same probabilities as scratchnet predict', async () => {
    await page.goto(`${base}#models`);
    for (const model of [mlp, cnn]) {
      await page.click('nav a[data-page=models]');
      await open(page, 'model-upload', model);
      await page.waitForFunction((name) => document.querySelector('[data-testid=models-message]')?.textContent?.startsWith(`Opened ${name}`), model.split('/').pop());
      assert.match((await page.textContent('[data-testid=current-model]'))!, model === mlp ? /^two-layer 784-50-10 relu \(uploaded mlp\.safetensors\)$/ : /^simple-conv .*\(uploaded cnn\.safetensors\)$/);
      await page.click('nav a[data-page=draw]');
      await open(page, 'digit-image', photo);
      await page.waitForFunction(() => document.querySelector('[data-testid=digit-source]')?.textContent?.startsWith('read from seven.png'));
      const p = await probabilities(page);
      const cli = JSON.parse(scratchnet('predict', '--model', model, '--json', photo)) as { top: { digit: number; p: number }[] };
      assert.equal(cli.top.length, 3);
      for (const { digit, p: want } of cli.top) assert.ok(Math.abs(p[digit]! - want) <= 1e-6, `${model}: digit ${digit}: page ${p[digit]}, scratchnet predict ${want}`);
      assert.equal(await page.getAttribute('[data-testid=prediction]', 'data-digit'), String(cli.top[0]!.digit));
    }
  });

  browserTest('a downloaded model is the file that was opened, and a stored one comes back after a reload with the same predictions', async () => {
    await page.click('nav a[data-page=models]');
    await open(page, 'model-upload', mlp);
    await page.waitForFunction(() => document.querySelector('[data-testid=models-message]')?.textContent?.startsWith('Opened mlp.safetensors'));
    await page.fill('[data-testid=model-name]', 'from the CLI');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=model-download]')]);
    assert.equal(download.suggestedFilename(), 'from the CLI.safetensors');
    const saved = join(dir, 'downloaded.safetensors');
    await download.saveAs(saved);
    // the same model (scratchnet eval reads a model trained in the page: test/web/training-page.test.ts)
    const [a, b] = [loadModel(saved), loadModel(mlp)];
    assert.deepEqual(a.config(), b.config());
    for (const k of Object.keys(b.params)) assert.deepEqual(a.params[k]!.data, b.params[k]!.data, k);

    await page.click('[data-testid=model-store]');
    await page.waitForSelector('[data-testid=stored-model][data-name="from the CLI"]');
    assert.match((await page.textContent('[data-testid=models-message]'))!, /^Stored 'from the CLI' \(\d+ KB\) in this browser\.$/);
    const row = (await page.textContent('[data-testid=stored-model][data-name="from the CLI"]'))!;
    assert.match(row, /two-layer 784-50-10 relu/);
    assert.match(row, /\d+ KB/);
    await page.click('nav a[data-page=draw]');
    await open(page, 'digit-image', photo);
    const before = await probabilities(page);

    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid=current-model]')?.textContent?.includes('pretrained.safetensors'));
    await page.click('nav a[data-page=models]');
    await page.click('[data-testid=model-restore][data-name="from the CLI"]');
    await page.waitForFunction(() => document.querySelector('[data-testid=current-model]')?.textContent?.includes("stored 'from the CLI'"));
    await page.click('nav a[data-page=draw]');
    await open(page, 'digit-image', photo);
    await page.waitForFunction(() => document.querySelector('[data-testid=digit-source]')?.textContent?.startsWith('read from seven.png'));
    assert.deepEqual(await probabilities(page), before);

    await page.click('nav a[data-page=models]');
    await page.click('[data-testid=model-delete][data-name="from the CLI"]');
    await page.waitForSelector('[data-testid=stored-empty]');
    assert.equal(await page.textContent('[data-testid=models-message]'), "Deleted 'from the CLI'.");
  });

  browserTest('a corrupt, foreign or unreadable upload says why on the page and keeps the model and the stored ones', async () => {
    await page.click('nav a[data-page=models]');
    await open(page, 'model-upload', mlp);
    await page.fill('[data-testid=model-name]', 'kept');
    await page.click('[data-testid=model-store]');
    await page.waitForSelector('[data-testid=stored-model][data-name="kept"]');
    const keep = (await page.textContent('[data-testid=current-model]'))!;
    const bad = (name: string, bytes: Uint8Array | string) => {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    };
    const model = readFileSync(mlp);
    const cases: [string, RegExp][] = [
      [bad('notes.safetensors', 'just some notes, not a model'), /^notes\.safetensors: not a valid safetensors file/],
      [bad('empty.safetensors', ''), /^empty\.safetensors: not a valid safetensors file/],
      [bad('cut.safetensors', model.subarray(0, model.length >> 1)), /^cut\.safetensors: not a valid safetensors file: .*truncated|^cut\.safetensors: .*end of the file/],
      [bad('raw.safetensors', encodeSafetensors({ W: Tensor.ones([2]) })), /^raw\.safetensors: no 'scratchnet\.model' in the metadata; this safetensors file was not written by scratchnet/],
      [bad('houses.safetensors', modelFileBytes(new TwoLayerNet(13, 8, 1, { loss: 'mean-squared-error' }))), /^uploaded houses\.safetensors: this page reads 28×28 digits, and this model takes input of shape \[13\]/],
    ];
    for (const [path, pattern] of cases) {
      await open(page, 'model-upload', path);
      await page.waitForFunction(() => (document.querySelector('[data-testid=models-error]')?.textContent ?? '') !== '');
      const text = (await page.textContent('[data-testid=models-error]'))!;
      assert.match(text, pattern);
      assert.ok(text.endsWith(`The page keeps ${keep}.`), text);
      assert.equal(await page.textContent('[data-testid=current-model]'), keep);
      await page.evaluate(() => (document.querySelector('[data-testid=models-error]')!.textContent = ''));
    }
    assert.equal(await page.locator('[data-testid=stored-model]').count(), 1, 'the stored model is still there');
  });

  browserTest('the look-inside panel works for an uploaded model (MLP and CNN) and for one restored from IndexedDB', async () => {
    const { test } = loadMnist({ trainLimit: 1, testLimit: 2000 }); // the page's test images are MNIST's first 2,000
    /** Opens the look inside the page's model now, and checks it against inspectModel on the same test images. */
    const lookInside = async (model: Model, samples: number, source: RegExp) => {
      await page.click('nav a[data-page=train]');
      await page.evaluate(() => document.querySelector('[data-testid=confusion-matrix]')!.removeAttribute('data-value'));
      await page.click('[data-testid=inside-current]');
      await page.waitForFunction(() => document.querySelector('[data-testid=confusion-matrix]')?.hasAttribute('data-value'), undefined, { timeout: 60_000 });
      assert.match((await page.textContent('[data-testid=inside-epoch]'))!, source);
      const images = test.images.reshape([-1, ...model.inputShape]);
      const look = inspectModel(model, { images, labels: test.labels }, { samples, histogramSamples: 200, misclassified: 24 });
      assert.deepEqual(JSON.parse((await page.getAttribute('[data-testid=confusion-matrix]', 'data-value'))!), look.confusion);
      const gallery = await page.$$eval('[data-testid=misclassified] figure', (figs) => figs.map((f) => [Number(f.getAttribute('data-index')), Number(f.getAttribute('data-predicted')), Number(f.getAttribute('data-actual'))]));
      assert.deepEqual(gallery, look.misclassified.map((m) => [m.index, m.predicted, m.actual]));
      const hist = await page.$$eval('[data-testid=activation-histogram]', (hs) => hs.map((h) => [h.getAttribute('data-layer'), h.getAttribute('data-counts')]));
      assert.deepEqual(hist, activationHistograms(model, new Tensor(images.data.subarray(0, 200 * 784), [200, ...model.inputShape])).map((h) => [h.layer, h.counts.join(',')]));
      assert.equal(await page.getAttribute('[data-testid=first-layer-weights]', 'data-count'), String(look.weights!.count));
      return look;
    };
    await page.goto(`${base}#models`);
    await open(page, 'model-upload', cnn);
    await page.waitForFunction(() => document.querySelector('[data-testid=models-message]')?.textContent?.startsWith('Opened cnn.safetensors'));
    const conv = await lookInside(loadModel(cnn), 500, /^of simple-conv .*\(uploaded cnn\.safetensors\), on 500 test images$/);
    assert.equal(await page.getAttribute('[data-testid=first-layer-weights]', 'data-shape'), `${conv.weights!.height}x${conv.weights!.width}`);

    await page.click('nav a[data-page=models]');
    await open(page, 'model-upload', mlp);
    await page.waitForFunction(() => document.querySelector('[data-testid=models-message]')?.textContent?.startsWith('Opened mlp.safetensors'));
    await page.fill('[data-testid=model-name]', 'to look inside');
    await page.click('[data-testid=model-store]');
    await page.waitForSelector('[data-testid=stored-model][data-name="to look inside"]');
    await page.reload();
    await page.waitForFunction(() => document.querySelector('[data-testid=current-model]')?.textContent?.includes('pretrained.safetensors'));
    await page.click('nav a[data-page=models]');
    await page.click('[data-testid=model-restore][data-name="to look inside"]');
    await page.waitForFunction(() => document.querySelector('[data-testid=current-model]')?.textContent?.includes("stored 'to look inside'"));
    await lookInside(loadModel(mlp), 2000, /^of two-layer 784-50-10 relu \(stored 'to look inside'\), on 2000 test images$/);
    await page.click('nav a[data-page=models]');
    await page.click('[data-testid=model-delete][data-name="to look inside"]');
    await page.waitForSelector('[data-testid=stored-model][data-name="to look inside"]', { state: 'detached' });
  });

  browserTest('without IndexedDB the page says so, and downloads still work', async () => {
    const other = watchErrors(await browser.newPage(), errors);
    await other.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', { value: undefined });
    });
    await other.goto(`${base}#models`);
    await other.waitForFunction(() => (document.querySelector('[data-testid=models-error]')?.textContent ?? '') !== '');
    assert.match((await other.textContent('[data-testid=models-error]'))!, /IndexedDB is not available here .*download the model as a file instead/);
    assert.equal(await other.isDisabled('[data-testid=model-store]'), true);
    await other.waitForFunction(() => document.querySelector('[data-testid=current-model]')?.textContent?.includes('pretrained.safetensors'));
    const [download] = await Promise.all([other.waitForEvent('download'), other.click('[data-testid=model-download]')]);
    assert.equal(download.suggestedFilename(), 'two-layer.safetensors');
    await other.close();
  });

  browserTest('logs no console errors', () => {
    assert.deepEqual(errors, []);
  });
});
