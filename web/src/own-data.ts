import {
  Preprocessing, Rng, SimpleConvNet, Tensor, TwoLayerNet, downloadModel, evaluate, imageFolderFrom, isIgnoredName, lineChartSvg, parseCsv, preprocessingMetadata,
  splitValidation, takeTableRows, trainInWorker, type ClassFolder, type Model, type Split, type Table, type WorkerEpoch, type WorkerTraining,
} from '../../src/browser';
import { msg, onLanguageChange, setPlain, setText, t, type Msg } from './i18n';
import { confusionTable, gallery } from './look-inside';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A fifth of the rows or images is held back to test on (rows: the first of a permutation from seed 0; images: stratified by class). */
const TEST_SHARE = 0.2;

/** A refusal of the page itself (not of the library's readers), in the page's language. */
class PageError extends Error {
  constructor(readonly text: Msg) {
    super(t(text.k, text.a));
  }
}

/** The data read from the user's files, ready to train on. */
interface Prepared {
  readonly source: string;
  readonly train: Split;
  readonly test: Split;
  readonly prep: Preprocessing;
  readonly build: () => Model;
  /** The test split's images for the misclassified gallery (image folders only). */
  readonly images: boolean;
}

/** Which samples go to training and which to the test: a permutation from seed 0, the test share first. */
export function splitIndices(n: number): { train: Int32Array; test: Int32Array } {
  const order = new Rng(0).permutation(n);
  const held = Math.max(1, Math.round(TEST_SHARE * n));
  return { test: order.subarray(0, held), train: order.subarray(held) };
}

/** A CSV table: the preprocessing fitted on the training rows only, then applied to both splits. */
function fromTable(table: Table, target: string): Prepared {
  const { train, test } = splitIndices(table.rows.length);
  const [trainRows, testRows] = [takeTableRows(table, train), takeTableRows(table, test)];
  const prep = Preprocessing.fit(trainRows, { target });
  const [tr, te] = [prep.transform(trainRows), prep.transform(testRows)];
  const regression = prep.task === 'regression';
  const build = () => new TwoLayerNet(prep.inputShape[0]!, 32, prep.outputs!, { seed: 0, weightInitStd: 0.1, ...(regression ? { loss: 'mean-squared-error' as const } : {}) });
  return { source: table.name, train: { images: tr.x, labels: tr.y! }, test: { images: te.x, labels: te.y! }, prep, build, images: false };
}

/** Files with their paths inside the chosen folder ("pets/cat/1.png"), as class folders. */
function classFolders(files: readonly { path: string; file: File }[]): { root: string; folders: ClassFolder[]; byPath: Map<string, File>; skipped: number } {
  const byPath = new Map<string, File>();
  const classes = new Map<string, string[]>();
  let skipped = 0;
  let root = 'image folder';
  for (const { path, file } of files) {
    const parts = path.split('/').filter((p) => p !== '');
    if (parts.length !== 3 || parts.some(isIgnoredName)) {
      if (!parts.some(isIgnoredName)) skipped++;
      continue;
    }
    root = parts[0]!;
    byPath.set(`${parts[1]}/${parts[2]}`, file);
    classes.set(parts[1]!, [...(classes.get(parts[1]!) ?? []), parts[2]!]);
  }
  return { root, folders: [...classes].map(([name, names]) => ({ name, files: names })), byPath, skipped };
}

async function fromFolder(files: readonly { path: string; file: File }[], size: number): Promise<Prepared & { skipped: number }> {
  const { root, folders, byPath, skipped } = classFolders(files);
  const bytes = new Map<string, Uint8Array>();
  await Promise.all([...byPath].map(async ([p, f]) => bytes.set(p, new Uint8Array(await f.arrayBuffer()))));
  const d = imageFolderFrom(folders, (folder, file) => bytes.get(`${folder}/${file}`)!, { size, channels: 1, name: root });
  // held back stratified by class, so that a small folder tests on every class
  const { train, validation: test } = splitValidation({ images: d.x, labels: d.y }, TEST_SHARE, 0, 'softmax-cross-entropy');
  const build = () => new SimpleConvNet({ inputDim: [1, size, size], filterNum: 16, filterSize: Math.min(5, size), hiddenSize: 64, outputSize: d.classes.length, seed: 0 });
  return { source: root, train, test, prep: d.preprocessing, build, images: true, skipped };
}

/** Every file under a dropped folder, with its path from the folder's parent. */
async function walk(entry: FileSystemEntry, out: { path: string; file: File }[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
    out.push({ path: entry.fullPath.replace(/^\//, ''), file });
    return;
  }
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
    if (batch.length === 0) return;
    for (const e of batch) await walk(e, out);
  }
}

/** The Your data page: a CSV table or a folder of class folders, read with the library's readers and trained in a worker. */
export function initOwnData(): void {
  const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
  const error = $('data-error');
  const summary = $('data-summary');
  const targetSel = $<HTMLSelectElement>('data-target');
  const trainButton = $<HTMLButtonElement>('data-train');
  let table: Table | null = null;
  let data: Prepared | null = null;
  let run: WorkerTraining | null = null;
  let trained: Model | null = null;

  /** The library's message as it is, or one of the page's texts. */
  const fail = (e: unknown) => {
    if (e instanceof PageError) setText(error, e.text.k, e.text.a);
    else setPlain(error, (e as Error).message);
    trainButton.disabled = data === null;
  };
  /** What was read, in the page's language (its values are the file's own words, escaped). */
  let described: { d: Prepared; extra: Msg | null } | null = null;
  const showSummary = () => {
    if (described === null) return;
    const { d, extra } = described;
    const n = d.train.images.shape[0]! + d.test.images.shape[0]!;
    const task = d.prep.task === 'regression' ? t('data.regressionOf', { target: esc(targetSel.value) }) : t('data.classesOf', { n: d.prep.classes!.length, names: d.prep.classes!.map((c) => `"${esc(c)}"`).join(', ') });
    summary.innerHTML = t('data.summary', { source: esc(d.source), n, train: d.train.images.shape[0]!, test: d.test.images.shape[0]!, shape: d.prep.inputShape.join(', '), task, extra: extra === null ? '' : t(extra.k, extra.a) });
    summary.dataset.task = d.prep.task ?? '';
  };
  const describe = (d: Prepared, extra: Msg | null) => {
    described = { d, extra };
    showSummary();
  };
  const useTable = () => {
    setPlain(error, '');
    data = null;
    if (table === null) return;
    try {
      data = fromTable(table, targetSel.value);
      describe(data, msg('data.fromFeatures', { names: data.prep.featureNames.map((f) => `"${esc(f)}"`).join(', ') }));
    } catch (e) {
      described = null;
      summary.textContent = '';
      fail(e);
    }
    trainButton.disabled = data === null;
  };

  const readCsv = async (file: File) => {
    reset();
    try {
      table = parseCsv(new Uint8Array(await file.arrayBuffer()), { name: file.name });
      targetSel.innerHTML = table.columns.map((c) => `<option>${esc(c)}</option>`).join('');
      targetSel.value = table.columns[table.columns.length - 1]!;
      $('data-target-row').hidden = false;
      useTable();
    } catch (e) {
      fail(e);
    }
  };
  const readFolder = async (files: { path: string; file: File }[]) => {
    reset();
    try {
      const size = Number($<HTMLInputElement>('data-size').value);
      const d = await fromFolder(files, size);
      data = d;
      describe(d, d.skipped > 0 ? msg('data.skipped', { n: d.skipped }) : null);
      trainButton.disabled = false;
    } catch (e) {
      fail(e);
    }
  };
  const reset = () => {
    run?.stop();
    table = null;
    data = null;
    trained = null;
    setPlain(error, '');
    described = null;
    looked = scattered = shownCurves = null;
    summary.textContent = '';
    $('data-target-row').hidden = true;
    $('data-results').hidden = true;
    $<HTMLButtonElement>('data-download').disabled = true;
    trainButton.disabled = true;
  };

  $<HTMLInputElement>('data-csv').addEventListener('change', (e) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) void readCsv(f);
  });
  $<HTMLInputElement>('data-folder').addEventListener('change', (e) => {
    const files = [...((e.target as HTMLInputElement).files ?? [])].map((file) => ({ path: file.webkitRelativePath || file.name, file }));
    void readFolder(files);
  });
  const drop = $('data-drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const entries = [...(e.dataTransfer?.items ?? [])].map((i) => i.webkitGetAsEntry()).filter((x): x is FileSystemEntry => x !== null);
    const folder = entries.find((x) => x.isDirectory);
    if (folder) {
      const files: { path: string; file: File }[] = [];
      void walk(folder, files).then(() => readFolder(files), fail);
    } else {
      const f = e.dataTransfer?.files[0];
      if (f) void readCsv(f);
    }
  });
  targetSel.addEventListener('change', useTable);

  let shownCurves: { regression: boolean; history: { train: [number, number][]; test: [number, number][]; loss: [number, number][] } } | null = null;
  let scattered: { d: Prepared; model: Model } | null = null;
  const drawCurves = () => {
    if (shownCurves === null) return;
    const { regression, history } = shownCurves;
    $('data-curves').innerHTML = lineChartSvg([
      { xLabel: t('chart.epoch'), yLabel: t('chart.trainingLoss'), series: [{ name: t('chart.loss'), points: history.loss }] },
      { xLabel: t('chart.epoch'), yLabel: regression ? 'R²' : t('chart.accuracy'), series: [{ name: t('chart.train'), points: history.train }, { name: t('chart.test'), points: history.test, dash: '6 4' }], legend: 'bottom', ...(regression ? {} : { yRange: [0, 1] as const }) },
    ]);
  };

  const showEpoch = (d: Prepared, e: WorkerEpoch, history: { train: [number, number][]; test: [number, number][]; loss: [number, number][] }) => {
    const { record } = e;
    const regression = d.prep.task === 'regression';
    const metric = regression ? 'r2' : 'accuracy';
    const trainScore = record.train[metric]!;
    const testScore = record.test![metric]!;
    history.train.push([record.epoch, trainScore]);
    history.test.push([record.epoch, testScore]);
    $('data-epoch').textContent = String(record.epoch);
    setText($('data-metric'), regression ? 'data.r2Metric' : 'data.accuracyMetric');
    for (const [id, v] of [['data-train-score', trainScore], ['data-test-score', testScore]] as const) {
      $(id).textContent = v.toFixed(3);
      $(id).dataset.value = String(v);
    }
    history.loss.push([record.epoch, record.loss]);
    shownCurves = { regression, history };
    drawCurves();
    const model = e.model();
    if (regression) {
      scattered = { d, model };
      scatter(d, model);
    }
    else if (e.inspection?.confusion) {
      looked = { d, inspection: e.inspection };
      showLook();
    }
  };
  /** The newest confusion matrix and misclassified images, drawn again when the language changes. */
  let looked: { d: Prepared; inspection: NonNullable<WorkerEpoch['inspection']> } | null = null;
  const showLook = () => {
    if (looked === null) return;
    const { d, inspection } = looked;
    confusionTable($('data-confusion'), inspection.confusion!, d.prep.classes!);
    gallery($('data-misclassified'), inspection, { images: d.test.images }, d.prep.classes!);
  };

  /** Predicted against true on the test rows, in the target's units, with the line where they are equal. */
  const scatter = (d: Prepared, model: Model) => {
    const truth = d.prep.inverseTarget(d.test.labels as Tensor).data;
    const y = d.prep.inverseTarget(model.predict(d.test.images)).data;
    const lo = Math.min(...truth, ...y);
    const hi = Math.max(...truth, ...y);
    const span = hi > lo ? hi - lo : 1;
    const px = (v: number) => 40 + (260 * (v - lo)) / span;
    const py = (v: number) => 280 - (260 * (v - lo)) / span;
    const dots = [...truth].map((tv, i) => `<circle cx="${px(tv).toFixed(1)}" cy="${py(y[i]!).toFixed(1)}" r="3" fill="#2563eb" fill-opacity="0.6"/>`).join('');
    const box = $('data-scatter');
    box.innerHTML = `<svg viewBox="0 0 320 320" width="320" height="320"><rect x="40" y="20" width="260" height="260" fill="white" stroke="#999"/>
      <line x1="${px(lo)}" y1="${py(lo)}" x2="${px(hi)}" y2="${py(hi)}" stroke="#999" stroke-dasharray="4 3"/>${dots}
      <text x="170" y="310" text-anchor="middle" font-size="12">${esc(t('data.true', { target: targetSel.value }))}</text><text x="12" y="150" font-size="12" transform="rotate(-90 12 150)" text-anchor="middle">${esc(t('data.predicted'))}</text>
      <text x="40" y="296" font-size="10">${Number(lo.toPrecision(3))}</text><text x="300" y="296" font-size="10" text-anchor="end">${Number(hi.toPrecision(3))}</text></svg>`;
    box.dataset.points = String(truth.length);
  };

  trainButton.addEventListener('click', () => {
    if (run !== null || data === null) return;
    const d = data;
    const epochs = Number($<HTMLInputElement>('data-epochs').value);
    if (!(Number.isInteger(epochs) && epochs >= 1 && epochs <= 10000)) return fail(new PageError(msg('data.badEpochs', { v: $<HTMLInputElement>('data-epochs').value })));
    setPlain(error, '');
    $('data-results').hidden = false;
    $('data-regression').hidden = d.prep.task !== 'regression';
    $('data-classification').hidden = d.prep.task === 'regression';
    const history = { train: [] as [number, number][], test: [] as [number, number][], loss: [] as [number, number][] };
    const n = d.train.images.shape[0]!;
    trainButton.disabled = true;
    setText($('data-status'), 'data.training');
    run = trainInWorker(d.build(), { train: d.train, test: d.test }, {
      optimizer: { name: 'adam', lr: 0.01 },
      epochs,
      batchSize: Math.min(32, Math.max(1, Math.floor(n / 4))), // a few steps per epoch even on a small file
      seed: 0,
      ...(d.prep.task === 'regression' ? {} : { inspect: { misclassified: d.images ? 24 : 0 } }),
      onEpoch: (e) => showEpoch(d, e, history),
    });
    run.finished
      .then(({ model, result }) => {
        trained = model;
        const ev = evaluate(model, d.test);
        const score = ev.task === 'regression' ? msg('data.r2', { v: ev.r2.toFixed(3) }) : msg('data.accuracy', { v: ev.accuracy.toFixed(3) });
        setText($('data-status'), 'data.done', { iters: result?.iters ?? 0, n: ev.n, score });
        $<HTMLButtonElement>('data-download').disabled = false;
      })
      .catch(fail)
      .finally(() => {
        run = null;
        trainButton.disabled = data === null;
      });
  });
  onLanguageChange(() => {
    showSummary();
    drawCurves();
    if (scattered !== null) scatter(scattered.d, scattered.model);
    showLook();
  });
  $('data-download').addEventListener('click', () => {
    if (trained !== null && data !== null) downloadModel(trained, `${data.source.replace(/\.[^.]*$/, '')}.safetensors`, preprocessingMetadata(data.prep));
  });
}
