// scratchnet's defaults on your own data against scikit-learn's, on the tables scikit-learn ships
// (iris, wine, breast cancer, digits, diabetes) and on synthetic ones, each split 75/25 five times.
// Ours: `scratchnet train --data train.csv --target target` with no other flag, then `scratchnet eval`
// on test.csv. scikit-learn: StandardScaler + MLP (its defaults; and with early_stopping=True) and
// + LogisticRegression / Ridge.
// Prints a markdown table of test accuracy (classification) or R² (regression), mean ± std over splits.
// Needs Debian's python3-sklearn (/usr/bin/python3). Not part of `npm test`: it takes minutes.
// Usage: node bench/own-data/compare.mjs [--splits N] [--only iris,wine] [--flags "--hidden 100"] [--dir DIR]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const bin = fileURLToPath(new URL('../../bin/scratchnet.js', import.meta.url));
const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const splits = Number(opt('--splits', '5'));
const only = opt('--only', null)?.split(',') ?? null;
const flags = opt('--flags', '').split(' ').filter(Boolean);
const dir = opt('--dir', join(tmpdir(), 'scratchnet-own-data'));
const python = '/usr/bin/python3';

mkdirSync(dir, { recursive: true });
const written = execFileSync(python, [join(here, 'datasets.py'), dir, '--splits', String(splits)], { encoding: 'utf8' })
  .trim().split('\n').map((l) => JSON.parse(l)).filter((d) => only === null || only.includes(d.name.split(' ')[0]));

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const show = (xs) => `${mean(xs).toFixed(3)} ± ${std(xs).toFixed(3)}`;

function ours(split) {
  const model = join(split.dir, 'model.safetensors');
  const t = spawnSync(process.execPath, [bin, 'train', '--data', join(split.dir, 'train.csv'), '--target', 'target', '--out', model, '--json', ...flags], { encoding: 'utf8' });
  if (t.status !== 0) throw new Error(`train on ${split.dir}: ${t.stderr}`);
  const summary = JSON.parse(t.stdout.trim().split('\n').at(-1));
  const e = spawnSync(process.execPath, [bin, 'eval', '--model', model, '--data', join(split.dir, 'test.csv'), '--json'], { encoding: 'utf8' });
  if (e.status !== 0) throw new Error(`eval on ${split.dir}: ${e.stderr}`);
  const r = JSON.parse(e.stdout.trim().split('\n').at(-1));
  return { score: r.task === 'classification' ? r.accuracy : r.r2, task: summary.task, epochs: summary.epochs, seconds: summary.seconds };
}

const rows = [];
for (const name of [...new Set(written.map((d) => d.name))]) {
  const parts = written.filter((d) => d.name === name);
  const { task, rows: n, features } = parts[0];
  const mine = parts.map(ours);
  if (mine.some((m) => m.task !== task)) throw new Error(`${name}: scratchnet chose ${mine.map((m) => m.task).join(', ')}, the data set is ${task}`);
  const ref = execFileSync(python, [join(here, 'sklearn_reference.py'), task, ...parts.map((p) => p.dir)], { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l));
  rows.push(`| ${name} | ${n} × ${features} | ${task} | ${task === 'classification' ? 'accuracy' : 'R²'} | ${show(mine.map((m) => m.score))} | ${show(ref.map((r) => r.mlp))} | ${show(ref.map((r) => r.mlp_es))} | ${show(ref.map((r) => r.linear))} | ${mean(mine.map((m) => m.epochs)).toFixed(0)} |`);
  console.error(`${name}: done`);
}
console.log(`| data | rows × features | task | test metric | scratchnet train (no flags${flags.length ? `; ${flags.join(' ')}` : ''}) | scikit-learn MLP | scikit-learn MLP, early_stopping=True | scikit-learn LogisticRegression / Ridge | our epochs |`);
console.log('|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
