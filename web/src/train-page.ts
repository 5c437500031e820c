import { DEFAULT_LR, SimpleConvNet, TwoLayerNet, bucketMeans, describeModel, inspectModel, lineChartSvg, trainInWorker, type Model, type OptimizerName, type WorkerEpoch, type WorkerTraining } from '../../src/browser';
import type { CurrentModel } from './current-model';
import { msg, onLanguageChange, setPlain, setText, t, type Args, type Key } from './i18n';
import { showInspection } from './look-inside';
import { parseSubset, type Subset } from './mnist-asset';

/** 4 significant digits, and exponent form below 0.001 (a loss near zero must not read 0.0000). */
export const fmt4 = (v: number) => (v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(3) : v.toPrecision(4));

type Kind = 'two-layer' | 'simple-conv';
const DEFAULTS: Record<Kind, { batch: number; epochs: number; evalLimit: number }> = {
  'two-layer': { batch: 100, epochs: 20, evalLimit: 2000 },
  'simple-conv': { batch: 50, epochs: 3, evalLimit: 500 }, // fewer test images for the slower conv net
};

/** The Live training page: the library's trainInWorker on the MNIST subset, with its controls and curves. */
export function initTraining(current: CurrentModel): void {
  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const button = $<HTMLButtonElement>('train-start');
  const stopButton = $<HTMLButtonElement>('train-stop');
  const input = (id: string) => $<HTMLInputElement>(id);
  let run: WorkerTraining | null = null;
  let subset: Promise<Subset> | null = null;
  let losses: number[] = [];
  let trainAcc: [number, number][] = [];
  let testAcc: [number, number][] = [];
  let chartQueued = false;
  /** The newest epoch's look inside, drawn at the next frame (epochs may come faster than frames). */
  let inside: { epoch: WorkerEpoch; test: Subset['test'] } | null = null;

  const drawCharts = () => {
    chartQueued = false;
    if (inside !== null && inside.epoch.inspection !== null) showInspection(inside.epoch.inspection, inside.test, msg('inside.after', { epoch: inside.epoch.record.epoch }));
    inside = null;
    $('train-charts').innerHTML = lineChartSvg([
      { xLabel: t('chart.iteration'), yLabel: t('chart.loss'), series: [{ name: t('chart.loss'), points: bucketMeans(losses, 300).points }] },
      { xLabel: t('chart.epoch'), yLabel: t('chart.accuracy'), series: [{ name: t('chart.train'), points: trainAcc }, { name: t('chart.test'), points: testAcc, dash: '6 4' }], yRange: [0, 1], legend: 'bottom' },
    ]);
  };
  const redraw = () => {
    if (!chartQueued) {
      chartQueued = true;
      requestAnimationFrame(drawCharts);
    }
  };

  /** The phase, and the status line: a text of the table with its values, or a message as it is. */
  const setPhase = (p: 'idle' | 'running' | 'paused', status?: [Key, Args?] | string) => {
    setText(button, p === 'running' ? 'train.pause' : p === 'paused' ? 'train.resume' : 'train.start');
    stopButton.disabled = p === 'idle';
    for (const id of ['train-model', 'train-optimizer', 'train-lr', 'train-batch', 'train-epochs']) $<HTMLInputElement>(id).disabled = p !== 'idle';
    const line = status ?? (p === 'running' ? ['train.running'] : p === 'paused' ? ['train.paused'] : '');
    if (typeof line === 'string') setPlain($('train-status'), line);
    else setText($('train-status'), line[0], line[1]);
  };

  /** Reads a number input; null (and the input flagged) when it is not a number in range. */
  const numberIn = (id: string, ok: (v: number) => boolean): number | null => {
    const el = input(id);
    const v = el.value.trim() === '' ? NaN : Number(el.value);
    const good = ok(v);
    el.classList.toggle('invalid', !good);
    return good ? v : null;
  };

  const loadSubset = () =>
    (subset ??= fetch(new URL('mnist-subset.bin', document.baseURI)).then(async (res) => {
      if (!res.ok) throw new Error(t('train.subsetMissing', { status: res.status }));
      return parseSubset(await res.arrayBuffer(), true);
    }));

  const start = async () => {
    const kind = $<HTMLSelectElement>('train-model').value as Kind;
    const optimizer = $<HTMLSelectElement>('train-optimizer').value as OptimizerName;
    const lr = numberIn('train-lr', (v) => v > 0 && v < 10);
    const batchSize = numberIn('train-batch', (v) => Number.isInteger(v) && v >= 1 && v <= 10000);
    const epochs = numberIn('train-epochs', (v) => Number.isInteger(v) && v >= 1 && v <= 1000);
    if (lr === null || batchSize === null || epochs === null) {
      setText($('train-status'), 'train.fixSettings');
      return;
    }
    setPhase('running', ['train.loading']);
    const data = await loadSubset();
    const conv = kind === 'simple-conv';
    const split = (s: Subset['train']) => ({ images: conv ? s.images.reshape([-1, 1, 28, 28]) : s.images, labels: s.labels });
    const trainData = { train: split(data.train), test: split(data.test) };
    const model: Model = conv ? new SimpleConvNet({ seed: 1 }) : new TwoLayerNet(784, 50, 10, { seed: 1 });
    losses = [];
    trainAcc = [];
    testAcc = [];
    setPhase('running');
    const r = trainInWorker(model, trainData, {
      optimizer: { name: optimizer, lr },
      batchSize,
      epochs,
      seed: 1,
      evalLimit: DEFAULTS[kind].evalLimit,
      // the confusion matrix and the misclassified images on the same test images as the test accuracy
      inspect: { samples: DEFAULTS[kind].evalLimit, histogramSamples: 200, misclassified: 24 },
      onProgress: (p) => {
        losses.push(...p.losses);
        // every iteration's loss, readable from the console (and by the tests)
        (window as unknown as { __trainLosses: number[] }).__trainLosses = losses;
        $('train-iter').textContent = String(p.iter);
        $('train-epoch').textContent = `${Math.floor(p.epoch)} / ${p.epochs}`;
        $('train-loss').textContent = fmt4(p.loss);
        $('train-loss').dataset.value = String(p.loss);
        $('train-speed').textContent = p.itPerSec.toFixed(0);
        $('train-kernels').textContent = p.kernels;
        redraw();
      },
      onEpoch: (e) => {
        const { record } = e;
        trainAcc.push([record.epoch, record.trainAcc!]);
        testAcc.push([record.epoch, record.testAcc!]);
        for (const [id, v] of [['train-train-acc', record.trainAcc!], ['train-acc', record.testAcc!]] as const) {
          $(id).textContent = v.toFixed(3);
          $(id).dataset.value = String(v);
        }
        current.set(e.model(), msg('source.epoch', { epoch: record.epoch }));
        inside = { epoch: e, test: data.test };
        redraw();
      },
    });
    run = r;
    try {
      const { model: trained, result } = await r.finished;
      if (run !== r) return;
      current.set(trained, msg('source.iters', { iters: result?.iters ?? 0 }));
      const acc = result?.testAcc?.toFixed(3) ?? '–';
      const n = result?.history.length ?? 0;
      setPhase('idle', result === null ? ['train.stopped'] : result.stopReason === 'done' ? ['train.doneEpochs', { epochs, acc }] : n === 1 ? ['train.doneStopped1', { acc }] : ['train.doneStopped', { n, acc }]);
    } catch (e) {
      if (run === r) setPhase('idle', ['train.error', { message: (e as Error).message }]);
    }
    run = null;
  };

  button.addEventListener('click', () => {
    if (run?.status === 'running') {
      run.pause();
      setPhase('paused');
      // the model as it is now goes to the Draw and Models pages
      void run.snapshot().then((m) => current.set(m, msg('source.paused', { iter: $('train-iter').textContent ?? '' })));
    } else if (run?.status === 'paused') {
      run.resume();
      setPhase('running');
    } else if (run === null) {
      start().catch((e: Error) => setPhase('idle', ['train.error', { message: e.message }]));
    }
  });
  stopButton.addEventListener('click', () => run?.stop());
  $<HTMLSelectElement>('train-optimizer').addEventListener('change', (e) => {
    const name = (e.target as HTMLSelectElement).value as OptimizerName;
    input('train-lr').value = String(name === 'sgd' ? 0.1 : DEFAULT_LR[name]);
  });
  $<HTMLSelectElement>('train-model').addEventListener('change', (e) => {
    const d = DEFAULTS[(e.target as HTMLSelectElement).value as Kind];
    input('train-batch').value = String(d.batch);
    input('train-epochs').value = String(d.epochs);
  });
  // any model of the page (uploaded, restored, pretrained, paused) looked inside on the same test images
  $('inside-current').addEventListener('click', () => {
    const c = current.get();
    if (c === null) return setText($('inside-epoch'), 'inside.noModel');
    loadSubset()
      .then((data) => {
        const model = c.model;
        const limit = model.inputShape.length > 1 ? DEFAULTS['simple-conv'].evalLimit : DEFAULTS['two-layer'].evalLimit;
        const test = { images: data.test.images.reshape([-1, ...model.inputShape]), labels: data.test.labels };
        const ins = inspectModel(model, test, { samples: limit, histogramSamples: 200, misclassified: 24 });
        showInspection(ins, test, msg('inside.ofModel', { model: describeModel(model), source: c.source }));
      })
      .catch((e: Error) => setPlain($('inside-epoch'), e.message));
  });
  onLanguageChange(redraw);
  setPhase('idle');
}
