import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Tensor as TensorT } from '../../src/tensor/tensor.js';
import { browserTest, launch, reason, serve, watchErrors } from '../../test-support/web/site.js';

type Store = typeof import('../../src/browser/model-store.js');
/** The parts of the core these tests use (core.js itself imports the image decoders' npm packages, which a page cannot resolve unbundled). */
type Core = typeof import('../../src/models/index.js') & typeof import('../../src/tensor/index.js') & typeof import('../../src/random/index.js') & typeof import('../../src/formats/model-bytes.js');


/** What the page-side checks report: plain values, so that they cross from Chromium to the test. */
interface Outcome {
  readonly [key: string]: unknown;
}

// The library's IndexedDB store, run in Chromium on the compiled modules themselves (served at /lib/).
describe('ModelStore in Chromium (IndexedDB)', () => {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let base: string;
  const errors: string[] = [];

  before(async () => {
    if (reason !== null) return;
    ({ server, base } = await serve());
    browser = await launch();
    page = watchErrors(await browser.newPage(), errors);
    await page.goto(`${base}lib/blank.html`);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  browserTest('save, list with size and date, load with the same predictions, delete', async () => {
    const r = await page.evaluate(async (): Promise<Outcome> => {
      const lib = '/lib/src/';
      const { openModelStore } = (await import(`${lib}browser/model-store.js`)) as Store;
      const { TwoLayerNet, SimpleConvNet, Tensor, Rng, modelFileBytes } = Object.assign({}, ...(await Promise.all(['models/index.js', 'tensor/index.js', 'random/index.js', 'formats/model-bytes.js'].map((m) => import(`/lib/src/${m}`))))) as Core;
      const store = await openModelStore({ database: 'roundtrip' });
      const mlp = new TwoLayerNet(784, 20, 10, { seed: 3 });
      const cnn = new SimpleConvNet({ filterNum: 4, hiddenSize: 8, seed: 4 });
      const before = Date.now();
      const a = await store.save('mlp', mlp);
      const b = await store.save('  cnn  ', modelFileBytes(cnn));
      const list = await store.list();
      const x = Tensor.randn([3, 784], new Rng(1));
      const same = async (name: string, net: typeof mlp | typeof cnn, input: TensorT) => {
        const [got, want] = [(await store.load(name)).predict(input).data, net.predict(input).data];
        return got.length === want.length && got.every((v, i) => v === want[i]);
      };
      const bytes = await store.loadBytes('mlp');
      const result = {
        saved: [a.name, a.bytes, b.name, b.bytes],
        sizes: [modelFileBytes(mlp).length, modelFileBytes(cnn).length],
        list: list.map((m) => [m.name, m.bytes, m.description, m.savedAt.getTime() >= before && m.savedAt.getTime() <= Date.now()]),
        mlpSame: await same('mlp', mlp, x),
        cnnSame: await same('cnn', cnn, x.reshape([3, 1, 28, 28])),
        bytesSame: ((want) => bytes.length === want.length && bytes.every((v, i) => v === want[i]))(modelFileBytes(mlp)),
        deleted: [await store.delete('mlp'), await store.delete('mlp')],
        after: (await store.list()).map((m) => m.name),
        missing: await store.load('mlp').then(() => 'loaded', (e: Error) => `${e.name}: ${e.message}`),
        badName: await store.save('', mlp).then(() => 'saved', (e: Error) => `${e.name}: ${e.message}`),
      };
      store.close();
      return result;
    });
    const [mlpSize, cnnSize] = r.sizes as number[];
    assert.deepEqual(r.saved, ['mlp', mlpSize, 'cnn', cnnSize]);
    assert.deepEqual(r.list, [
      ['cnn', cnnSize, 'simple-conv (4 filters 5×5, hidden 8)', true],
      ['mlp', mlpSize, 'two-layer 784-20-10 relu', true],
    ]);
    assert.equal(r.mlpSame, true);
    assert.equal(r.cnnSame, true);
    assert.equal(r.bytesSame, true);
    assert.deepEqual(r.deleted, [true, false]);
    assert.deepEqual(r.after, ['cnn']);
    assert.equal(r.missing, "ValueError: ModelStore: no stored model named 'mlp'; stored: 'cnn'");
    assert.equal(r.badName, 'ValueError: ModelStore: a model\'s name is 1 to 200 characters, got ""');
  });

  browserTest('refuses bytes that are not a model, and a damaged entry is a FileFormatError naming it', async () => {
    const r = await page.evaluate(async (): Promise<Outcome> => {
      const lib = '/lib/src/';
      const { openModelStore } = (await import(`${lib}browser/model-store.js`)) as Store;
      const { TwoLayerNet, modelFileBytes } = Object.assign({}, ...(await Promise.all(['models/index.js', 'tensor/index.js', 'random/index.js', 'formats/model-bytes.js'].map((m) => import(`/lib/src/${m}`))))) as Core;
      const store = await openModelStore({ database: 'damaged' });
      await store.save('good', new TwoLayerNet(4, 3, 2));
      const text = new TextEncoder().encode('not a model at all, just some text');
      const refused = await store.save('good', text).then(() => 'saved', (e: Error) => `${e.name}: ${e.message}`);
      const cut = modelFileBytes(new TwoLayerNet(4, 3, 2)).slice(0, 40);
      const truncated = await store.save('cut', cut).then(() => 'saved', (e: Error) => `${e.name}`);
      const kept = (await store.list()).map((m) => m.name);
      store.close();
      // damage the entry behind the store's back, as another program or a disk error could
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const q = indexedDB.open('damaged');
        q.onsuccess = () => res(q.result);
        q.onerror = () => rej(q.error);
      });
      const tx = db.transaction('files', 'readwrite');
      tx.objectStore('files').put({ name: 'good', data: text });
      tx.objectStore('files').put({ name: 'odd', data: 42 });
      await new Promise((res) => (tx.oncomplete = res));
      db.close();
      const again = await openModelStore({ database: 'damaged' });
      const damaged = await again.load('good').then(() => 'loaded', (e: Error) => `${e.name}: ${e.message}`);
      const odd = await again.load('odd').then(() => 'loaded', (e: Error) => `${e.name}: ${e.message}`);
      again.close();
      return { refused, truncated, kept, damaged, odd };
    });
    assert.match(r.refused as string, /^FileFormatError: model 'good': not a valid safetensors file/);
    assert.equal(r.truncated, 'FileFormatError');
    assert.deepEqual(r.kept, ['good'], 'nothing stored from bytes that are not a model');
    assert.match(r.damaged as string, /^FileFormatError: stored model 'good': not a valid safetensors file/);
    assert.equal(r.odd, "FileFormatError: stored model 'odd': the entry holds no model bytes (got number); delete it and store the model again");
  });

  browserTest('a full quota is a StorageFullError, and the model stored before under that name is still there', async () => {
    // a fresh context, its quota set before it stores anything (Chromium keeps the quota a storage was opened with)
    const context = await browser.newContext();
    const page = watchErrors(await context.newPage(), errors);
    const origin = new URL(base).origin;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 300_000 });
    await page.goto(`${base}lib/blank.html`);
    const small = await page.evaluate(async (): Promise<Outcome> => {
      const { openModelStore } = (await import('/lib/src/browser/model-store.js' as string)) as Store;
      const { TwoLayerNet } = Object.assign({}, ...(await Promise.all(['models/index.js', 'tensor/index.js', 'random/index.js', 'formats/model-bytes.js'].map((m) => import(`/lib/src/${m}`))))) as Core;
      const store = await openModelStore({ database: 'quota' });
      const info = await store.save('net', new TwoLayerNet(784, 10, 10, { seed: 1 }));
      store.close();
      return { bytes: info.bytes };
    });
    try {
      const r = await page.evaluate(async (): Promise<Outcome> => {
        const { openModelStore } = (await import('/lib/src/browser/model-store.js' as string)) as Store;
        const { TwoLayerNet, Tensor, Rng } = Object.assign({}, ...(await Promise.all(['models/index.js', 'tensor/index.js', 'random/index.js', 'formats/model-bytes.js'].map((m) => import(`/lib/src/${m}`))))) as Core;
        const { StorageFullError } = await import('/lib/src/browser/storage-errors.js' as string);
        const store = await openModelStore({ database: 'quota' });
        const big = new TwoLayerNet(784, 200, 10, { seed: 2 });
        const error = await store.save('net', big).then(() => null, (e: Error) => e);
        const list = await store.list();
        const kept = await store.load('net');
        const x = Tensor.randn([1, 784], new Rng(0));
        const twin = new TwoLayerNet(784, 10, 10, { seed: 1 });
        store.close();
        return {
          typed: error instanceof StorageFullError,
          message: error?.message ?? 'saved',
          list: list.map((m) => [m.name, m.bytes]),
          same: kept.predict(x).data.every((v, i) => v === twin.predict(x).data[i]),
        };
      });
      assert.equal(r.typed, true, String(r.message));
      assert.match(r.message as string, /^storing model 'net': the browser's storage for this site is full \(.*\); delete stored models you no longer need, or download this one as a file; nothing stored before was changed$/);
      assert.deepEqual(r.list, [['net', small.bytes]]);
      assert.equal(r.same, true, 'the model stored before is unchanged');
    } finally {
      await context.close();
    }
  });

  browserTest('no IndexedDB (a private window, a sandboxed frame) is a StorageUnavailableError; a foreign database is refused', async () => {
    const other = watchErrors(await browser.newPage(), errors);
    await other.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', {
        get() {
          throw new DOMException('access to IndexedDB is denied in this context', 'SecurityError');
        },
      });
    });
    await other.goto(`${base}lib/blank.html`);
    const r = await other.evaluate(async (): Promise<Outcome> => {
      const { openModelStore } = (await import('/lib/src/browser/model-store.js' as string)) as Store;
      const { StorageUnavailableError } = await import('/lib/src/browser/storage-errors.js' as string);
      const e = await openModelStore().then(() => null, (err: Error) => err);
      return { typed: e instanceof StorageUnavailableError, message: e?.message ?? 'opened' };
    });
    await other.close();
    assert.equal(r.typed, true);
    assert.equal(r.message, "opening the model store 'scratchnet-models': IndexedDB is not available here (SecurityError: access to IndexedDB is denied in this context); private windows of some browsers, sandboxed frames and pages opened from disk have none; download the model as a file instead");
    const foreign = await page.evaluate(async (): Promise<string> => {
      const { openModelStore } = (await import('/lib/src/browser/model-store.js' as string)) as Store;
      await new Promise<void>((res, rej) => {
        const q = indexedDB.open('someone-else', 1);
        q.onupgradeneeded = () => q.result.createObjectStore('notes');
        q.onsuccess = () => (q.result.close(), res());
        q.onerror = () => rej(q.error);
      });
      return openModelStore({ database: 'someone-else' }).then(() => 'opened', (e: Error) => `${e.name}: ${e.message}`);
    });
    assert.equal(foreign, "StorageUnavailableError: opening the model store 'someone-else': the database 'someone-else' belongs to another application (no 'models' table); give openModelStore another database name");
  });

  browserTest('logs no console errors', () => {
    assert.deepEqual(errors, []);
  });
});
