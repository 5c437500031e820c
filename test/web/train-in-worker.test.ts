import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Tensor as TensorT } from '../../src/tensor/tensor.js';
import { browserTest, launch, reason, serve, watchErrors } from '../../test-support/web/site.js';

type Lib = typeof import('../../src/browser/train-in-worker.js') &
  typeof import('../../src/models/index.js') &
  typeof import('../../src/tensor/index.js') &
  typeof import('../../src/random/index.js') &
  typeof import('../../src/train/trainer.js') &
  typeof import('../../src/train/nan-guard.js') &
  typeof import('../../src/errors/index.js') &
  typeof import('../../src/backend/web-setup.js') &
  typeof import('../../src/optimizers/index.js') &
  typeof import('../../src/inspect/index.js');

/** Loads the library's modules into the page from /lib/ and installs its kernels on the main thread; defines window.lib and window.toy. */
async function setUp(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const parts = ['browser/train-in-worker.js', 'models/index.js', 'tensor/index.js', 'random/index.js', 'train/trainer.js', 'train/nan-guard.js', 'errors/index.js', 'backend/web-setup.js', 'optimizers/index.js', 'inspect/index.js'];
    const lib = Object.assign({}, ...(await Promise.all(parts.map((m) => import(`/lib/src/${m}`))))) as Lib;
    lib.setThreads(1); // the same WebAssembly kernels as the worker's, on this thread
    // a small classification task: 3 classes from the sign pattern of two directions in 20 features
    const toy = (n: number, seed: number) => {
      const x = lib.Tensor.randn([n, 20], new lib.Rng(seed));
      const labels = Int32Array.from({ length: n }, (_, i) => {
        const r = x.data.subarray(20 * i, 20 * i + 20);
        const a = r[0]! + r[1]! - r[2]!;
        const b = r[3]! - r[4]!;
        return a > 0.3 ? 0 : b > 0 ? 1 : 2;
      });
      return { images: x, labels };
    };
    Object.assign(window, { lib, toy });
  });
}

/** What the page-side checks report: plain values, so that they cross from Chromium to the test. */
type Outcome = Record<string, unknown>;
declare const lib: Lib;
declare const toy: (n: number, seed: number) => { images: TensorT; labels: Int32Array };

// trainInWorker, run in Chromium on the compiled modules (served at /lib/), against train on the main thread.
describe('trainInWorker in Chromium', () => {
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
    await setUp(page);
  });

  after(async () => {
    await browser?.close();
    server?.close();
  });

  browserTest('trains for the chosen epochs with progress and epoch reports, and ends with the parameters train gives', async () => {
    const r = await page.evaluate(async (): Promise<Outcome> => {
      const data = { train: toy(300, 1), test: toy(100, 2) };
      const options = { epochs: 3, batchSize: 30, seed: 4 } as const;
      const model = new lib.TwoLayerNet(20, 16, 3, { seed: 5 });
      const before = [...model.params.W1!.data];
      const progress: [number, number, number][] = [];
      const epochs: [number, number, number][] = [];
      const looks: boolean[] = [];
      const run = lib.trainInWorker(model, data, {
        ...options,
        optimizer: { name: 'momentum', lr: 0.05 },
        progressMs: 5,
        onProgress: (p) => progress.push([p.iter, p.iters, p.epochs]),
        inspect: { misclassified: 5, bins: 8 },
        onEpoch: (e) => {
          epochs.push([e.record.epoch, e.record.iter, e.model().predict(data.test.images).data[0]!]);
          // the worker's look inside is inspectModel's on the epoch's model and the test split
          looks.push(JSON.stringify(e.inspection) === JSON.stringify(lib.inspectModel(e.model(), data.test, { misclassified: 5, bins: 8 })) && e.inspection!.misclassified.length === 5);
        },
      });
      const { model: trained, result } = await run.finished;
      const twin = new lib.TwoLayerNet(20, 16, 3, { seed: 5 });
      const expected = lib.train(twin, data, { ...options, optimizer: new lib.Momentum(0.05) });
      const same = Object.keys(twin.params).every((k) => trained.params[k]!.data.every((v, i) => v === twin.params[k]!.data[i]));
      return {
        same,
        status: run.status,
        unchanged: model.params.W1!.data.every((v, i) => v === before[i]),
        result: [result!.iters, result!.history.length, result!.stopReason, result!.testAcc],
        expected: [expected.iters, expected.history.length, expected.stopReason, expected.testAcc],
        lossHistory: result!.lossHistory.every((v, i) => v === expected.lossHistory[i]),
        lastProgress: progress[progress.length - 1],
        increasing: progress.every((p, i) => i === 0 || p[0] > progress[i - 1]![0]),
        epochs: epochs.map(([e, it]) => [e, it]),
        epochModel: epochs[2]![2] === trained.predict(data.test.images).data[0],
        looks,
      };
    });
    assert.equal(r.same, true, 'the same parameters as train on the main thread');
    assert.equal(r.lossHistory, true, 'the same losses');
    assert.equal(r.status, 'done');
    assert.equal(r.unchanged, true, 'the model given is not changed');
    assert.deepEqual(r.result, r.expected);
    assert.deepEqual((r.result as unknown[]).slice(0, 3), [30, 3, 'done']);
    assert.deepEqual(r.lastProgress, [30, 30, 3]);
    assert.equal(r.increasing, true);
    assert.deepEqual(r.epochs, [[1, 10], [2, 20], [3, 30]]);
    assert.equal(r.epochModel, true, "the last epoch's model is the trained one");
    assert.deepEqual(r.looks, [true, true, true], "each epoch's inspection is inspectModel's");
  });

  browserTest('pause stops the steps, resume goes on, snapshot gives the model meanwhile, stop ends with the model so far', async () => {
    const r = await page.evaluate(async (): Promise<Outcome> => {
      const data = { train: toy(300, 1) };
      const wait = (ms: number) => new Promise((res) => setTimeout(res, ms));
      let last = 0;
      const run = lib.trainInWorker(new lib.TwoLayerNet(20, 16, 3, { seed: 5 }), data, { iters: 1_000_000, batchSize: 30, seed: 4, progressMs: 10, onProgress: (p) => (last = p.iter) });
      while (last < 50) await wait(10);
      run.pause();
      const status = run.status;
      await wait(150); // a slice already started may still report
      const paused = last;
      await wait(300);
      const still = last === paused;
      const snap = await run.snapshot();
      run.resume();
      while (last < paused + 50) await wait(10);
      run.stop();
      const { model, result } = await run.finished;
      // the model after result.iters steps, trained here to the same count
      const twin = new lib.TwoLayerNet(20, 16, 3, { seed: 5 });
      lib.train(twin, data, { iters: result!.iters, batchSize: 30, seed: 4 });
      const snapTwin = new lib.TwoLayerNet(20, 16, 3, { seed: 5 });
      lib.train(snapTwin, data, { iters: paused, batchSize: 30, seed: 4 });
      const same = (a: typeof model, b: typeof model) => Object.keys(a.params).every((k) => a.params[k]!.data.every((v, i) => v === b.params[k]!.data[i]));
      return { status, still, resumed: result!.iters > paused, stopReason: result!.stopReason, iters: result!.iters, same: same(model, twin), snapSame: same(snap, snapTwin), after: run.status };
    });
    assert.equal(r.status, 'paused');
    assert.equal(r.still, true, 'no steps while paused');
    assert.equal(r.resumed, true);
    assert.equal(r.stopReason, 'stopped');
    assert.ok((r.iters as number) < 1_000_000);
    assert.equal(r.same, true, 'the stopped model is the model after that many steps');
    assert.equal(r.snapSame, true, 'the snapshot taken while paused is the model at the pause');
    assert.equal(r.after, 'done');
  });

  browserTest("the worker's errors come back typed: a bad option, a diverging run, a worker that cannot start", async () => {
    const r = await page.evaluate(async (): Promise<Outcome> => {
      const data = { train: toy(50, 1) };
      const message = (e: unknown) => `${(e as Error).name}: ${(e as Error).message}`;
      const tooBig = await lib.trainInWorker(new lib.TwoLayerNet(20, 4, 3), data, { batchSize: 100 }).finished.then(() => 'trained', (e) => [e instanceof lib.ValueError, message(e)]);
      let local = '';
      try {
        lib.train(new lib.TwoLayerNet(20, 4, 3), data, { batchSize: 100 });
      } catch (e) {
        local = message(e);
      }
      const diverged = await lib
        .trainInWorker(new lib.TwoLayerNet(20, 4, 3, { weightInitStd: 10 }), data, { optimizer: { name: 'sgd', lr: 1e6 }, iters: 200, batchSize: 10 })
        .finished.then(() => 'trained', (e) => [e instanceof lib.TrainingDivergedError, (e as InstanceType<Lib['TrainingDivergedError']>).iteration > 0, message(e)]);
      const broken = new Worker(URL.createObjectURL(new Blob(['throw new Error("no such module")'], { type: 'text/javascript' })));
      const crashed = await lib.trainInWorker(new lib.TwoLayerNet(20, 4, 3), data, { worker: broken }).finished.then(() => 'trained', message);
      const badMs = (() => {
        try {
          lib.trainInWorker(new lib.TwoLayerNet(20, 4, 3), data, { progressMs: 0 });
          return 'started';
        } catch (e) {
          return message(e);
        }
      })();
      return { tooBig, local, diverged, crashed, badMs };
    });
    assert.deepEqual(r.tooBig, [true, r.local]);
    assert.match(r.local as string, /^ValueError: train: batchSize 100 is larger than the 50 training samples/);
    assert.deepEqual((r.diverged as unknown[]).slice(0, 2), [true, true]);
    assert.match((r.diverged as string[])[2]!, /^TrainingDivergedError: /);
    assert.match(r.crashed as string, /^Error: trainInWorker: the worker failed to start or crashed \(.*no such module/);
    assert.equal(r.badMs, 'ValueError: trainInWorker: progressMs must be a positive number of milliseconds, got 0');
  });

  browserTest('logs no console errors', () => {
    assert.deepEqual(errors.filter((e) => !e.includes('no such module')), []);
  });
});
