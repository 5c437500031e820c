/**
 * Seeded CSV files for the fuzzer: a fresh valid file per case (1-5 feature
 * columns of numbers or words, a target column "y", 1-12 rows, any of , ; tab |,
 * LF or CRLF, a BOM or not, fields quoted now and then) and mutators aimed at
 * quotes, delimiters, ragged rows, huge fields, BOMs, numbers (1e999, NaN, inf,
 * decimal commas), line endings, the header, the encoding, categories, the target,
 * empty files.
 */
import { Rng } from '../../src/index.js';
import { Valid, pick, type Mutator } from '../fuzz-harness.js';

const WORDS = ['red', 'blue', 'green', 'Lyon', 'São Paulo', 'a "quoted" word', 'x, y', 'line\nbreak', 'semi;colon', 'tab\there', 'pipe|d', ' padded '];
const DELIMS = [',', ';', '\t', '|'];

interface Csv {
  header: string[];
  rows: string[][];
  delimiter: string;
  newline: string;
  bom: boolean;
  quoteAll: boolean;
}

function number(rng: Rng): string {
  const v = rng.normal() * 10 ** rng.int(4);
  return pick(rng, [v.toFixed(rng.int(4)), String(Math.round(v)), v.toExponential(2), String(v)]);
}

export function randomCsv(rng: Rng): Csv {
  const features = 1 + rng.int(5);
  const n = 2 + rng.int(11);
  const kinds = Array.from({ length: features }, () => rng.int(3) === 0 ? 'word' : 'number');
  const header = [...kinds.map((_, i) => pick(rng, ['a', 'b', 'c', 'area', 'x 1', 'prix €', 'col"q', 'd;e']) + i), 'y'];
  const classTarget = rng.int(2) === 0;
  // at most 8 words a column: the fuzzer's limit on categories
  const vocab = kinds.map(() => [...rng.permutation(WORDS.length)].slice(0, 2 + rng.int(7)).map((i) => WORDS[i]!));
  const rows = Array.from({ length: n }, (_, r) => [
    ...kinds.map((k, j) => (k === 'number' ? number(rng) : pick(rng, vocab[j]!))),
    classTarget ? pick(rng, ['cat', 'dog', 'bird']).slice(0, r < 2 ? undefined : 3) + (r < 2 ? String(r) : '') : number(rng),
  ]);
  if (rng.int(4) === 0) rows.reverse();
  const yAt = rng.int(header.length);
  const move = <T>(xs: T[]) => {
    const [y] = xs.splice(xs.length - 1, 1);
    xs.splice(yAt, 0, y!);
    return xs;
  };
  return { header: move(header), rows: rows.map(move), delimiter: pick(rng, DELIMS), newline: pick(rng, ['\n', '\r\n']), bom: rng.int(3) === 0, quoteAll: rng.int(4) === 0 };
}

function field(f: string, d: string, all: boolean): string {
  return all || f.includes(d) || /["\r\n]/.test(f) || f !== f.trim() ? `"${f.replace(/"/g, '""')}"` : f;
}

export function csvText(c: Csv): string {
  const line = (fs: string[]) => fs.map((f) => field(f, c.delimiter, c.quoteAll)).join(c.delimiter);
  return `${c.bom ? '\uFEFF' : ''}${[line(c.header), ...c.rows.map(line)].join(c.newline)}${c.newline}`;
}

const bytes = (s: string) => new TextEncoder().encode(s);
const numericCells = (c: Csv) => c.rows.flatMap((row, r) => row.flatMap((f, j) => (/^[+-]?[\d.]/.test(f) ? [[r, j] as const] : [])));

function setCell(rng: Rng, c: Csv, values: readonly string[]): Csv {
  const cells = numericCells(c);
  const [r, j] = cells.length ? pick(rng, cells) : [rng.int(c.rows.length), rng.int(c.header.length)];
  c.rows[r]![j] = pick(rng, values);
  return c;
}

/** Mutators aimed at each part of a CSV file; every case starts from a fresh random file. */
export const csvMutators: Readonly<Record<string, Mutator>> = {
  valid: (rng) => new Valid(bytes(csvText(randomCsv(rng)))),
  quotes: (rng) => {
    const text = csvText(randomCsv(rng));
    const at = 1 + rng.int(text.length - 1);
    const k = rng.int(3);
    return bytes(k === 0 ? `${text.slice(0, at)}"${text.slice(at)}` : k === 1 ? `${text}"unterminated${pick(rng, ['', ',1', '\n2'])}` : text.replace(/"/, pick(rng, ['', '"x', '""'])));
  },
  delimiters: (rng) => {
    const c = randomCsv(rng);
    const text = csvText(c);
    const positions = [...text.matchAll(new RegExp(c.delimiter === '|' ? '\\|' : c.delimiter, 'g'))].map((m) => m.index!);
    const at = positions.length ? pick(rng, positions) : rng.int(text.length);
    return bytes(text.slice(0, at) + pick(rng, DELIMS.filter((d) => d !== c.delimiter)) + text.slice(at + 1));
  },
  'ragged rows': (rng) => {
    const c = randomCsv(rng);
    const row = pick(rng, c.rows);
    if (rng.int(2) === 0 || row.length === 1) row.push(number(rng));
    else row.splice(rng.int(row.length), 1);
    return bytes(csvText(c));
  },
  'huge field': (rng) => {
    const c = randomCsv(rng);
    const [r, j] = [rng.int(c.rows.length), rng.int(c.header.length)];
    c.rows[r]![j] = pick(rng, ['9', 'x', '"', ',', '\n']).repeat(5_000 + rng.int(25_000));
    return bytes(csvText(c));
  },
  BOMs: (rng) => {
    const c = randomCsv(rng);
    const text = csvText({ ...c, bom: false });
    const k = rng.int(3);
    return bytes(k === 0 ? `\uFEFF\uFEFF${text}` : k === 1 ? text.replace(c.newline, `${c.newline}\uFEFF`) : `\uFEFF${text}`);
  },
  numbers: (rng) => bytes(csvText(setCell(rng, randomCsv(rng), ['1e999', '-1e999', 'NaN', 'nan', 'inf', '-Infinity', 'Infinity', '1,5', '0x10', '1_000', '+.5', '5.', '١٢', '1e', '--1', '', 'NA', '?', '3 4', '1e-999', '-0']))),
  'line endings': (rng) => {
    const text = csvText(randomCsv(rng));
    return bytes(text.replace(/\r?\n/g, () => pick(rng, ['\n', '\r\n', '\r', '\n\n', '\r\n\r\n', '\n  \n'])));
  },
  header: (rng) => {
    const c = randomCsv(rng);
    const k = rng.int(4);
    if (k === 0) c.header[rng.int(c.header.length)] = c.header[(c.header.indexOf('y') + 1) % c.header.length]!;
    else if (k === 1) c.header[rng.int(c.header.length)] = '';
    else if (k === 2) c.header[c.header.indexOf('y')] = pick(rng, ['Y', 'y ', 'target', '"y"']);
    else return bytes(csvText(c).split(c.newline).slice(1).join(c.newline));
    return bytes(csvText(c));
  },
  encoding: (rng) => {
    const b = bytes(csvText(randomCsv(rng)));
    const k = rng.int(3);
    if (k === 0) b[rng.int(b.length)] = pick(rng, [0xff, 0xc3, 0x80, 0xe9]);
    else if (k === 1) b[rng.int(b.length)] = 0;
    else return Uint8Array.from([0xff, 0xfe, ...b]);
    return b;
  },
  categories: (rng) => {
    const c = randomCsv(rng);
    const j = c.header.findIndex((h) => h !== 'y');
    for (let r = 0; r < 8; r++) c.rows.push(c.rows[0]!.map((f, i) => (i === j ? `w${r}-${rng.int(1000)}` : f)));
    return bytes(csvText(c));
  },
  target: (rng) => {
    const c = randomCsv(rng);
    const y = c.header.indexOf('y');
    const k = rng.int(3);
    for (const row of c.rows) row[y] = k === 0 ? 'same' : k === 1 ? pick(rng, ['', 'NA']) : row[y]!;
    if (k === 2) c.rows[rng.int(c.rows.length)]![y] = pick(rng, ['', 'NaN', 'inf']);
    return bytes(csvText(c));
  },
  'empty data': (rng) => {
    const c = randomCsv(rng);
    const k = rng.int(4);
    if (k === 0) return bytes(pick(rng, ['', ' ', '\n\n', '\uFEFF', '\r\n']));
    if (k === 1) return bytes(csvText({ ...c, rows: [] }));
    if (k === 2) return bytes(csvText({ ...c, header: ['y'], rows: c.rows.map((r) => [r[c.header.indexOf('y')]!]) }));
    const j = c.header.findIndex((h) => h !== 'y');
    for (const row of c.rows) row[j] = '';
    return bytes(csvText(c));
  },
};
