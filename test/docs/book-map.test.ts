import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { loadMnist, readPngGray } from '../../src/index.js';
import { ROOT } from '../helpers.js';
import { runExample } from './run-example.js';
import { TINY_TRAIN, setTinyLimits, writeTinyMnist } from './tiny-scratchnet.js';

// docs/book-map.md: one table row per script of the book's code. Every example runs here, on the
// first TINY_TRAIN training and TINY_TEST test images of MNIST: with the command the run column marks
// "(fast, ...)", whose printed lines the measured column quotes, or else with TINY's arguments.
const MAP = readFileSync(join(ROOT, 'docs', 'book-map.md'), 'utf8');

interface Row {
  readonly script: string;
  readonly example: string | null;
  readonly measured: string;
  readonly commands: { readonly args: string[]; readonly fast: boolean }[];
}

function rows(): Row[] {
  const out: Row[] = [];
  for (const line of MAP.split('\n')) {
    if (!line.startsWith('| ') || line.startsWith('| book script') || /^\|\s*-/.test(line)) continue;
    const cells = line.split(' | ').map((c) => c.replace(/^\|\s*|\s*\|$/g, '').trim());
    if (cells.length !== 5) continue;
    const [script, exampleCell, , measured, run] = cells as [string, string, string, string, string];
    const example = /`(ch\d\d\/\w+)`/.exec(exampleCell)?.[1] ?? null;
    const commands = [...run.matchAll(/`npm run example -- ([^`]+)` \(([^)]*)\)/g)].map((m) => ({ args: m[1]!.split(' '), fast: m[2]!.startsWith('fast') }));
    out.push({ script, example, measured, commands });
  }
  return out;
}

/** The scripts of the book's repository (oreilly-japan/deep-learning-from-scratch), chapter by chapter. */
const BOOK = {
  ch02: ['and_gate', 'or_gate', 'nand_gate', 'xor_gate'],
  ch03: ['step_function', 'sigmoid', 'relu', 'sig_step_compare', 'mnist_show', 'neuralnet_mnist', 'neuralnet_mnist_batch'],
  ch04: ['gradient_1d', 'gradient_2d', 'gradient_method', 'gradient_simplenet', 'two_layer_net', 'train_neuralnet'],
  ch05: ['buy_apple', 'buy_apple_orange', 'layer_naive', 'two_layer_net', 'gradient_check', 'train_neuralnet'],
  ch06: ['optimizer_compare_naive', 'optimizer_compare_mnist', 'weight_init_activation_histogram', 'weight_init_compare', 'batch_norm_test',
    'batch_norm_gradient_check', 'overfit_weight_decay', 'overfit_dropout', 'hyperparameter_optimization'],
  ch07: ['apply_filter', 'visualize_filter', 'simple_convnet', 'train_convnet', 'gradient_check'],
  ch08: ['deep_convnet', 'train_deepnet', 'misclassified_mnist', 'half_float_network', 'awesome_net'],
};

/**
 * Each example the map gives no fast command, with the arguments that make it shortest: its --quick,
 * and a few iterations, epochs or trials. (On the tiny MNIST an epoch is two batches.)
 */
const TINY: Readonly<Record<string, readonly string[]>> = {
  'ch03/neuralnet_mnist': [], // trains the chapter-3 network (no sample_weight.pkl here) and saves it
  'ch03/neuralnet_mnist_batch': [], // loads what neuralnet_mnist saved
  'ch04/train_neuralnet': ['--iters', '3'],
  'ch05/train_neuralnet': ['--iters', '3'],
  'ch06/optimizer_compare_mnist': ['--iters', '3'],
  'ch06/weight_init_compare': ['--iters', '3'],
  'ch06/batch_norm_test': ['--quick'],
  'ch06/overfit_weight_decay': ['--quick', '--epochs', '2'],
  'ch06/overfit_dropout': ['--quick', '--epochs', '2'],
  'ch06/hyperparameter_optimization': ['--trials', '2', '--epochs', '2'],
  'ch07/train_convnet': ['--quick'],
  'ch07/visualize_filter': [], // the weights train_convnet saved
  'ch07/apply_filter': [],
  'ch08/train_deepnet': ['--quick'], // on fewer images still (SLOW)
  'ch08/misclassified_mnist': ['--quick'], // the weights train_deepnet saved
  'ch08/half_float_network': ['--quick'], // float64 on fewer images (SLOW)
  'ch08/awesome_net': ['--iters', '2'],
};

/** Examples whose network is slow (DeepConvNet) run on fewer images: [training, test] (misclassified_mnist counts in batches of 100). */
const SLOW: Readonly<Record<string, readonly [number, number]>> = {
  'ch08/train_deepnet': [100, 50],
  'ch08/half_float_network': [TINY_TRAIN, 50],
};

async function runTiny(name: string, args: readonly string[]): ReturnType<typeof runExample> {
  setTinyLimits(...(SLOW[name] ?? []));
  try {
    return await runExample(name, args);
  } finally {
    setTinyLimits();
  }
}

/** The examples in the order they run: chapter by chapter, each chapter's trainings first (the others load what they save). */
function runOrder(all: readonly string[]): string[] {
  const rank = (n: string) => `${n.slice(0, 4)}${n.includes('/train_') ? 0 : 1}${n}`;
  return [...all].sort((a, b) => (rank(a) < rank(b) ? -1 : 1));
}

/** The files an example says it wrote, each there and inside the output folder; an SVG a whole document, a PNG one that decodes. */
function checkWritten(stdout: string, out: string): string[] {
  const files = [...stdout.matchAll(/^wrote (.+)$/gm)].map((m) => (isAbsolute(m[1]!) ? m[1]! : resolve(m[1]!)));
  for (const f of files) {
    assert.ok(f.startsWith(out), `${f} is inside the output folder ${out}`);
    assert.ok(existsSync(f), `${f} exists`);
    if (f.endsWith('.svg')) assert.match(readFileSync(f, 'utf8'), /^<\?xml [^]*<svg [^]*<\/svg>\n$/);
    if (f.endsWith('.png')) assert.ok(readPngGray(f).width > 0);
  }
  return files;
}

describe("docs/book-map.md: the book's scripts and their examples", async () => {
  const { listExamples } = (await import(join(ROOT, 'examples', 'book', 'run.mjs'))) as { listExamples: () => string[] };
  const all = rows();
  const examples = listExamples();
  const out = mkdtempSync(join(tmpdir(), 'book-examples-'));
  before(() => {
    process.env.SCRATCHNET_EXAMPLES_OUT = out;
    process.env.SCRATCHNET_TINY_MNIST = join(out, 'mnist');
    writeTinyMnist(join(out, 'mnist'));
  });

  it('has a row for every script of the book (chapter 1 in one line), naming the book file', () => {
    for (const [ch, names] of Object.entries(BOOK)) {
      for (const n of names) assert.ok(all.some((r) => r.script.includes(`${ch}/${n}.py`)), `no row for ${ch}/${n}.py`);
    }
    assert.ok(all.some((r) => r.script.includes('ch01/')), 'chapter 1 is mentioned');
    for (const pkl of ['ch03/sample_weight.pkl', 'ch07/params.pkl', 'ch08/deep_convnet_params.pkl']) assert.ok(all.some((r) => r.script.includes(pkl)), pkl);
  });

  it('names every example in examples/book, and only examples that exist, each once', () => {
    const named = all.map((r) => r.example).filter((e): e is string => e !== null);
    assert.deepEqual([...named].sort(), [...examples].sort());
    assert.equal(new Set(named).size, named.length);
    for (const [ch, names] of Object.entries(BOOK)) for (const n of names) assert.ok(examples.includes(`${ch}/${n}`), `examples/book/${ch}/${n}.mjs`);
  });

  it('gives each example a command that runs it; each example runs here with a fast command or a tiny setting, not both', () => {
    for (const r of all.filter((x) => x.example !== null)) {
      assert.ok(r.commands.length > 0, `${r.example}: a command`);
      for (const c of r.commands) assert.equal(c.args[0], r.example, `${r.example}: its command runs it`);
      const fast = r.commands.filter((c) => c.fast).length;
      assert.ok(fast <= 1, `${r.example}: one fast command at most`);
      assert.notEqual(fast === 1, r.example! in TINY, `${r.example}: ${fast === 1 ? 'a fast command and a tiny setting' : 'neither a fast command nor a tiny setting'}`);
    }
    assert.deepEqual(Object.keys(TINY).filter((n) => !examples.includes(n)), [], 'TINY names examples that exist');
  });

  for (const name of runOrder(examples)) {
    const row = all.find((r) => r.example === name);
    const fast = row?.commands.find((c) => c.fast);
    const args = fast ? fast.args.slice(1) : [...(TINY[name] ?? [])];
    it(`${[name, ...args].join(' ')} runs${fast ? ' and prints what the map quotes' : ''}, and writes what it says`, async () => {
      const res = await runTiny(name, args);
      assert.equal(res.code, 0, res.stderr);
      assert.notEqual(res.stdout, '');
      checkWritten(res.stdout, out);
      if (name === 'ch07/train_convnet') assert.match(res.stdout, new RegExp(`epochs of ${TINY_TRAIN} images`), 'the examples read the tiny MNIST');
      if (fast) for (const [, quoted] of row!.measured.matchAll(/`([^`]+)`/g)) assert.ok(res.stdout.includes(quoted!), `${name} prints ${JSON.stringify(quoted)}; it printed:\n${res.stdout}`);
    });
  }

  it("mnist_show's PNG holds MNIST's first training image, pixel for pixel", async () => {
    const res = await runExample('ch03/mnist_show', ['--scale', '1']);
    assert.equal(res.code, 0, res.stderr);
    const png = readPngGray(join(out, 'ch03', 'mnist_show.png'));
    const first = loadMnist({ normalize: false, trainLimit: 1, testLimit: 1 }).train.images.data.subarray(0, 784);
    assert.deepEqual([png.width, png.height], [28, 28]);
    assert.deepEqual(Array.from(png.gray, Math.round), Array.from(first));
  });

  it("takes the book's .pkl files with --weights (the layouts the book saves, made by Python)", async () => {
    const fixtures = join(ROOT, 'test', 'fixtures', 'pickle');
    const pkl = (name: string) => {
      const f = join(out, `${name}.pkl`);
      writeFileSync(f, gunzipSync(readFileSync(join(fixtures, `${name}-layout.pkl.gz`))));
      return f;
    };
    const ch03 = await runExample('ch03/neuralnet_mnist_batch', ['--weights', pkl('sample_weight')]);
    assert.equal(ch03.code, 0, ch03.stderr);
    assert.match(ch03.stdout, /weights: .*sample_weight\.pkl \(the book's pickle: 6 arrays, float32\)\nAccuracy:0\.\d+\n/);
    const params = pkl('params');
    for (const name of ['ch07/visualize_filter', 'ch07/apply_filter']) {
      const res = await runExample(name, ['--weights', params]);
      assert.equal(res.code, 0, res.stderr);
      assert.match(res.stdout, /the book's pickle: 6 arrays, float64/);
      checkWritten(res.stdout, out);
    }
    const ch08 = await runTiny('ch08/misclassified_mnist', ['--weights', pkl('deep_convnet_params'), '--quick']);
    assert.equal(ch08.code, 0, ch08.stderr);
    assert.match(ch08.stdout, /the book's pickle: 16 arrays/);
    const wrong = await runExample('ch07/visualize_filter', ['--weights', pkl('sample_weight')]);
    assert.equal(wrong.code, 1);
    assert.equal(wrong.stdout.includes('wrote'), true, 'the random filters come first, as in the book');
    assert.match(wrong.stderr, /^error: sample_weight\.pkl: 'W1' has shape \[784, 50\] in the file, simple-conv \(30 filters 5×5, hidden 100\) expects \[30, 1, 5, 5\]\n$/);
  });

  // the runner in its own process, as a reader runs it
  const spawnRun = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'examples', 'book', 'run.mjs'), ...args], { encoding: 'utf8', timeout: 60_000, cwd: ROOT, env: { ...process.env, SCRATCHNET_EXAMPLES_OUT: out } });
  it("the runner lists the examples alone and for a wrong name, and takes the book's own paths", () => {
    const wrong = spawnRun('ch04/gradient');
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, /^error: no example 'ch04\/gradient'; did you mean ch04\/gradient_1d or ch04\/gradient_2d or ch04\/gradient_method or ch04\/gradient_simplenet\?/);
    assert.match(wrong.stderr, /ch08: awesome_net, deep_convnet, half_float_network, misclassified_mnist, train_deepnet/);
    const py = spawnRun('ch02/xor_gate.py');
    assert.equal(py.status, 0, py.stderr);
    assert.equal(py.stdout, '(0, 0) -> 0\n(1, 0) -> 1\n(0, 1) -> 1\n(1, 1) -> 0\n');
    const list = spawnRun();
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /^ {2}ch02: and_gate, nand_gate, or_gate, xor_gate$/m);
  });

  it('an example refuses a flag it does not have, and names the ones it has', async () => {
    const flag = await runExample('ch04/train_neuralnet', ['--itres', '5']);
    assert.equal(flag.code, 1);
    assert.equal(flag.stdout, '');
    assert.match(flag.stderr, /^error: ch04\/train_neuralnet: unknown argument '--itres'\nusage: npm run example -- ch04\/train_neuralnet \[--iters N\] \[--quick\] \[--seed N\]/);
  });
});
