import { describe, it } from 'node:test';
import jpeg from 'jpeg-js';
import { Rng, imageFolderFrom } from '../../src/index.js';
import { Valid, fuzz, pick, type Mutator } from '../fuzz-harness.js';
import { JPEG_FIELDS, PNG_FIELDS, mutateJpeg, mutatePng } from '../formats/image/mutate.js';
import { CHANNELS, encodeRawPng, type RawPng } from '../formats/image/png-writer.js';

/** One case: class folders, each file's bytes, and the channels asked for. */
interface Case {
  readonly folders: { name: string; files: string[] }[];
  readonly bytes: Map<string, Uint8Array>;
  readonly channels: 1 | 3;
}


function randomPng(rng: Rng): Uint8Array {
  const [colorType, depths] = pick(rng, [[0, [1, 2, 4, 8, 16]], [2, [8, 16]], [3, [1, 2, 4, 8]], [4, [8, 16]], [6, [8, 16]]] as const);
  const depth = pick(rng, depths) as RawPng['depth'];
  const [width, height] = [1 + rng.int(12), 1 + rng.int(12)];
  const max = 2 ** depth - 1;
  const colours = colorType === 3 ? 1 + rng.int(Math.min(8, max + 1)) : 0;
  const samples = Array.from({ length: width * height * CHANNELS[colorType] }, () => rng.int(colorType === 3 ? colours : max + 1));
  const palette = colorType === 3 ? Array.from({ length: colours }, () => [rng.int(256), rng.int(256), rng.int(256)] as const) : undefined;
  return encodeRawPng({ width, height, depth, colorType, samples, ...(palette ? { palette } : {}) });
}

// jpeg-js's encoder takes milliseconds a call: a pool of 24 small JPEGs, gray and colour
const poolRng = new Rng(8);
const JPEGS = Array.from({ length: 24 }, () => {
  const [w, h] = [1 + poolRng.int(20), 1 + poolRng.int(20)];
  return new Uint8Array(jpeg.encode({ width: w, height: h, data: Uint8Array.from({ length: 4 * w * h }, (_, i) => (i % 4 === 3 ? 255 : poolRng.int(256))) }, 20 + poolRng.int(70)).data);
});

// and a pool of 400 random PNGs: writing one per file cost more than reading it
const PNGS = Array.from({ length: 400 }, () => randomPng(poolRng));

const NAMES = ['a.png', 'b.jpg', 'IMG_0001.JPG', 'photo (2).png', 'çà.png', 'x', '1', 'long-'.repeat(40) + 'name.png'];
const CLASSES = ['cat', 'dog', 'bird', '0', '1', 'Zèbre', 'a b'];

function randomCase(rng: Rng): Case {
  // few files a case: decoding dominates the run's time
  const classes = [...rng.permutation(CLASSES.length)].slice(0, 2 + (rng.int(4) === 0 ? 1 : 0)).map((i) => CLASSES[i]!);
  const bytes = new Map<string, Uint8Array>();
  const folders = classes.map((name) => {
    const files = [...rng.permutation(NAMES.length)].slice(0, 1 + (rng.int(4) === 0 ? 1 : 0)).map((i) => NAMES[i]!);
    for (const f of files) bytes.set(`${name}/${f}`, rng.int(3) === 0 ? pick(rng, JPEGS) : pick(rng, PNGS));
    return { name, files };
  });
  return { folders, bytes, channels: rng.int(2) ? 3 : 1 };
}

/** A file of the case, picked at random: [folder index, file index, key]. */
function someFile(rng: Rng, c: Case): [number, number, string] {
  const i = rng.int(c.folders.length);
  const j = rng.int(c.folders[i]!.files.length);
  return [i, j, `${c.folders[i]!.name}/${c.folders[i]!.files[j]}`];
}

const mutators: Record<string, Mutator> = {
  valid: (rng) => new Valid(randomCase(rng)),
  'hidden files': (rng) => {
    const c = randomCase(rng);
    const f = pick(rng, c.folders);
    const name = pick(rng, ['.DS_Store', '._a.png', 'Thumbs.db', 'desktop.ini', '.hidden']);
    f.files.push(name);
    c.bytes.set(`${f.name}/${name}`, Uint8Array.of(rng.int(256), 0, 1));
    if (rng.int(2)) c.folders.push({ name: '.git', files: ['config'] });
    return new Valid(c);
  },
  'file names': (rng) => {
    const c = randomCase(rng);
    const [i, j] = someFile(rng, c);
    const f = c.folders[i]!;
    const bad = pick(rng, ['', 'a/b.png', '..', 'x\\y.png', 'nul\0.png', f.files[(j + 1) % f.files.length]!]);
    f.files[j] = bad;
    c.bytes.set(`${f.name}/${bad}`, pick(rng, PNGS));
    return c;
  },
  'class names': (rng) => {
    const c = randomCase(rng);
    const k = rng.int(5);
    if (k === 4) return { ...c, folders: rng.int(2) ? [] : [{ name: '.trash', files: ['a.png'] }] };
    if (k === 0) c.folders[1] = { ...c.folders[1]!, name: c.folders[0]!.name };
    else if (k === 1) c.folders[rng.int(c.folders.length)] = { ...c.folders[0]!, name: pick(rng, ['', 'a/b', '..']) };
    else if (k === 2) c.folders[rng.int(c.folders.length)]!.files.splice(0);
    else c.folders.splice(rng.int(2) ? 1 : 0, c.folders.length - 1);
    return c;
  },
  'corrupt PNG': (rng) => {
    const c = randomCase(rng);
    const [, , key] = someFile(rng, c);
    c.bytes.set(key, mutatePng(pick(rng, PNGS), rng, pick(rng, PNG_FIELDS)).bytes);
    return c;
  },
  'corrupt JPEG': (rng) => {
    const c = randomCase(rng);
    const [, , key] = someFile(rng, c);
    c.bytes.set(key, mutateJpeg(pick(rng, JPEGS), rng, pick(rng, JPEG_FIELDS)).bytes);
    return c;
  },
  'not an image': (rng) => {
    const c = randomCase(rng);
    const [, , key] = someFile(rng, c);
    c.bytes.set(key, pick(rng, [new Uint8Array(0), new TextEncoder().encode(`notes ${rng.int(1000)}`), new TextEncoder().encode(`GIF89a${rng.int(1000)}`), Uint8Array.from({ length: 1 + rng.int(64) }, () => rng.int(256))]));
    return c;
  },
};

const named = (re: RegExp) => new RegExp(`^fuzz/[^/]+/[^/]+: (${re.source})`);

const CHECKS: readonly (readonly [string, RegExp])[] = [
  ['no classes', /^fuzz: no class folders: empty data/],
  ['one class', /^fuzz: one class only/],
  ['empty class', /^fuzz\/[^/]*: an empty class folder/],
  ['unusable name', /^fuzz: (the class folder|a file in .*\/) .* is not a usable file name/],
  ['duplicate name', /^fuzz(\/[^/]+)?: two (class folders|files) are named/],
  ['not PNG or JPEG', named(/not a readable PNG or JPEG image: /)],
  ['PNG damage', named(/not a readable PNG: /)],
  ['JPEG damage', named(/not a readable JPEG: /)],
  ['pixel limit', named(/the (PNG|JPEG) header declares .* above the limit of/)],
];

describe('image folders under hostile input: 10,000 seeded mutations', () => {
  it('file and class names, hidden files, empty and single classes, corrupt and unsupported files', (t) => {
    const parse = (input: unknown) => {
      const c = input as Case;
      const d = imageFolderFrom(c.folders, (f, file) => c.bytes.get(`${f}/${file}`) ?? new Uint8Array(0), { size: [6, 5], channels: c.channels, maxPixels: 4096, name: 'fuzz' });
      if (!d.x.data.every((v) => v >= 0 && v <= 1) || d.y.length !== d.files.length) throw new Error('a read folder gave values outside [0, 1] or labels that do not match the files');
    };
    const key = (input: unknown) => {
      const c = input as Case;
      const parts = [new TextEncoder().encode(JSON.stringify([c.folders, c.channels])), ...c.bytes.values()];
      const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
      let at = 0;
      for (const p of parts) out.set(p, (at += p.length) - p.length);
      return out;
    };
    fuzz({ name: 'image folder', seed: 51, mutators, parse, key, checks: CHECKS, minPerCheck: 20, minDistinct: 9000, maxGrowth: 8 * 2 ** 20 }, t);
  });
});
