import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { encode as encodePng } from 'fast-png';
import jpeg from 'jpeg-js';
import { FileFormatError, Preprocessing, ValueError, loadImageFolder } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

/** A w × h PNG of one RGB colour. */
const solidPng = (w: number, h: number, rgb: [number, number, number]) =>
  encodePng({ width: w, height: h, channels: 3, depth: 8, data: Uint8Array.from({ length: w * h * 3 }, (_, i) => rgb[i % 3]!) });
/** A w × h baseline JPEG of one gray level. */
const grayJpeg = (w: number, h: number, v: number) =>
  new Uint8Array(jpeg.encode({ width: w, height: h, data: Uint8Array.from({ length: 4 * w * h }, (_, i) => (i % 4 === 3 ? 255 : v)) }, 95).data);

function folder(files: Record<string, Uint8Array | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'images-'));
  for (const [path, data] of Object.entries(files)) {
    mkdirSync(join(dir, path.endsWith('/') ? path : join(path, '..')), { recursive: true });
    if (!path.endsWith('/')) writeFileSync(join(dir, path), data);
  }
  return dir;
}

describe('loadImageFolder', () => {
  it('classes from sorted folder names, PNG and JPEG, any size, resized, NCHW in [0, 1], hidden files skipped', () => {
    const dir = folder({
      'red/a.png': solidPng(30, 20, [255, 0, 0]),
      'red/b.png': solidPng(7, 9, [255, 0, 0]),
      'blue/z.png': solidPng(5, 5, [0, 0, 255]),
      'blue/y.jpg': grayJpeg(16, 16, 128),
      'blue/.DS_Store': 'junk',
      'red/Thumbs.db': 'junk',
      '.git/config': 'x',
    });
    const d = loadImageFolder(dir, { size: [4, 6], channels: 3 });
    assert.deepEqual(d.classes, ['blue', 'red']);
    assert.deepEqual(d.files, ['blue/y.jpg', 'blue/z.png', 'red/a.png', 'red/b.png']);
    assert.deepEqual([...d.y], [0, 0, 1, 1]);
    assert.deepEqual([...d.x.shape], [4, 3, 4, 6]);
    const plane = (i: number, c: number) => [...d.x.data.subarray((i * 3 + c) * 24, (i * 3 + c + 1) * 24)];
    assert.ok(plane(1, 2).every((v) => v === 1) && plane(1, 0).every((v) => v === 0), 'blue/z.png is blue');
    assert.ok(plane(2, 0).every((v) => v === 1) && plane(3, 1).every((v) => v === 0), 'red is red');
    assert.ok(plane(0, 1).every((v) => Math.abs(v - 128 / 255) < 3 / 255), 'the gray JPEG');
    const gray = loadImageFolder(dir, { size: 2 });
    assert.deepEqual([...gray.x.shape], [4, 1, 2, 2]);
    assert.ok(Math.abs(gray.x.data[8]! - 0.299) < 0.01, 'red as gray: luma 0.299');
    assert.ok(d.preprocessing instanceof Preprocessing);
    assert.deepEqual(d.preprocessing.toJSON().input, { kind: 'image', height: 4, width: 6, channels: 3 });
    assert.deepEqual(d.preprocessing.classes, ['blue', 'red']);
  });

  it('with the classes of a model trained before: labels by those names, one folder is enough, another name is an error', () => {
    const dir = folder({ 'red/a.png': solidPng(2, 2, [255, 0, 0]), 'red/b.png': solidPng(2, 2, [255, 0, 0]) });
    const d = loadImageFolder(dir, { size: 2, classes: ['blue', 'green', 'red'] });
    assert.deepEqual([...d.y], [2, 2]);
    assert.deepEqual(d.classes, ['blue', 'green', 'red']);
    assert.deepEqual(d.preprocessing.classes, ['blue', 'green', 'red']);
    assertThrows(() => loadImageFolder(dir, { size: 2 }), ValueError, /one class only \("red"\)/);
    assertThrows(() => loadImageFolder(dir, { size: 2, classes: ['blue', 'green'] }), ValueError, new RegExp(`^${dir}: the class folder "red" is a class never seen in training; the classes are "blue", "green"$`));
    assertThrows(() => loadImageFolder(dir, { size: 2, classes: ['red'] }), ValueError, /classes must be two or more different names/);
    assertThrows(() => loadImageFolder(dir, { size: 2, classes: ['red', 'red'] }), ValueError, /classes must be two or more different names/);
  });

  it('a corrupt or unsupported image names its file', () => {
    const ok = { 'a/1.png': solidPng(3, 3, [1, 2, 3]), 'b/1.png': solidPng(3, 3, [1, 2, 3]) };
    const cut = solidPng(3, 3, [1, 2, 3]).subarray(0, 50);
    let dir = folder({ ...ok, 'b/2.png': cut });
    assertThrows(() => loadImageFolder(dir, { size: 3 }), FileFormatError, new RegExp(`^${dir}/b/2\\.png: not a readable PNG: `));
    dir = folder({ ...ok, 'a/anim.gif': 'GIF89a........' });
    assertThrows(() => loadImageFolder(dir, { size: 3 }), FileFormatError, /a\/anim\.gif: not a readable PNG or JPEG image: this is a GIF image; convert it to PNG or JPEG/);
    dir = folder({ ...ok, 'a/notes.txt': 'to do' });
    assertThrows(() => loadImageFolder(dir, { size: 3 }), FileFormatError, /a\/notes\.txt: not a readable PNG or JPEG image: this is text, not an image/);
  });

  it('one class only, an empty class folder, no classes, stray files and nested folders are errors', () => {
    const png = solidPng(2, 2, [0, 0, 0]);
    assertThrows(() => loadImageFolder(folder({ 'only/1.png': png }), { size: 2 }), ValueError, /one class only \("only"\); a classifier needs at least two/);
    assertThrows(() => loadImageFolder(folder({ 'a/1.png': png, 'b/': '' }), { size: 2 }), ValueError, /\/b: an empty class folder; every class needs at least one image/);
    assertThrows(() => loadImageFolder(folder({ 'b/.hidden': 'x', 'a/1.png': png, 'c/1.png': png }), { size: 2 }), ValueError, /\/b: an empty class folder/);
    assertThrows(() => loadImageFolder(folder({ '.x': 'x' }), { size: 2 }), ValueError, /no class folders: empty data/);
    assertThrows(() => loadImageFolder(folder({ 'a/1.png': png, 'b/1.png': png, 'labels.csv': 'x' }), { size: 2 }), FileFormatError, /labels\.csv: a file beside the class folders/);
    assertThrows(() => loadImageFolder(folder({ 'a/1.png': png, 'b/sub/1.png': png }), { size: 2 }), FileFormatError, /b\/sub: a folder inside a class folder/);
    assertThrows(() => loadImageFolder('/nonexistent-folder', { size: 2 }), FileFormatError, /nonexistent-folder: cannot read the folder \(ENOENT\)/);
    assertThrows(() => loadImageFolder(folder({ 'a/1.png': png }), { size: [0, 2] }), ValueError, /size must be a whole number or \[height, width\] from 1 to 16384, got \[0,2\]/);
    assertThrows(() => loadImageFolder(folder({ 'a/1.png': png }), { size: 2, channels: 4 as 3 }), ValueError, /channels must be 1 \(grayscale\) or 3 \(RGB\), got 4/);
    assertThrows(() => loadImageFolder(folder({ 'a/1.png': png, 'b/1.png': png }), { size: 2, maxPixels: 3 }), FileFormatError, /1\.png: the PNG header declares 2 × 2 pixels \(4 pixels\), above the limit of 3 pixels/);
  });
});
