import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileFormatError, Tensor, ValueError, loadCsv } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

describe('loadCsv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'csv-'));

  it('reads a file (a spreadsheet export: BOM, ;, CRLF, decimal commas) or CSV text', () => {
    const path = join(dir, 'houses.csv');
    writeFileSync(path, '\uFEFFarea;city;price\r\n"120,5";Lyon;310000\r\n75;Paris;420000\r\n98,25;Lyon;260000\r\n');
    const d = loadCsv(path, { target: 'price' });
    assert.equal(d.task, 'regression');
    assert.deepEqual(d.featureNames, ['area', 'city=Lyon', 'city=Paris']);
    assert.deepEqual([...d.x.data], [120.5, 1, 0, 75, 0, 1, 98.25, 1, 0]);
    assert.ok(d.y instanceof Tensor);
    assert.deepEqual([...d.y.data], [310000, 420000, 260000]);
    const t = loadCsv('x,label\n0,a\n1,b\n', { target: 'label', dtype: 'float64' });
    assert.deepEqual(t.classes, ['a', 'b']);
    assert.equal(t.x.dtype, 'float64');
  });

  it('names the file in every error: missing file, size limit, ragged rows, bad values', () => {
    assertThrows(() => loadCsv(join(dir, 'nope.csv'), { target: 'y' }), FileFormatError, /nope\.csv: cannot read \(ENOENT\)/);
    const path = join(dir, 'r.csv');
    writeFileSync(path, 'a,y\n1,0\n2\n');
    assertThrows(() => loadCsv(path, { target: 'y' }), FileFormatError, /r\.csv, row 2 \(line 3\): 1 field, expected 2/);
    assertThrows(() => loadCsv(path, { target: 'y', maxChars: 4 }), FileFormatError, /r\.csv: 10 bytes, above the limit of 4/);
    writeFileSync(path, 'a,y\n1,0\n2,1\n');
    assertThrows(() => loadCsv(path, { target: null as unknown as string }), ValueError, /r\.csv: name the column to predict with the target option; the columns are "a", "y"/);
  });
});
