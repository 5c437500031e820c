import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FileFormatError, ValueError, parseCsv } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

describe('parseCsv', () => {
  it('quotes (with delimiters, quotes and line breaks inside), CRLF, a BOM, blank lines, spaces around fields', () => {
    const t = parseCsv('\uFEFFname, note ,n\r\n"Smith, J.","said ""hi""\r\nand left", 3 \r\n\r\nLee,,4\r\n', { name: 'p.csv' });
    assert.deepEqual(t.columns, ['name', 'note', 'n']);
    assert.deepEqual(t.rows, [['Smith, J.', 'said "hi"\r\nand left', '3'], ['Lee', '', '4']]);
    assert.deepEqual(t.lines, [2, 5]);
    assert.deepEqual(t.rowNumbers, [1, 2]);
    assert.equal(t.name, 'p.csv');
  });

  it('detects , ; tab and | when not given, and the decimal comma of ;-separated files', () => {
    for (const d of [',', ';', '\t', '|']) {
      const t = parseCsv(`a${d}b${d}c\n1${d}2${d}x\n3${d}4${d}y\n`);
      assert.deepEqual(t.rows, [['1', '2', 'x'], ['3', '4', 'y']], JSON.stringify(d));
    }
    assert.equal(parseCsv('a;b\n1,5;2\n3;4,25\n').decimal, ',');
    assert.equal(parseCsv('a;b\n1.5;2\n3;4,25\n').decimal, '.');
    assert.equal(parseCsv('a,b\n"1,5",2\n').decimal, '.');
    assert.deepEqual(parseCsv('a;b\n1,2;3\n', { delimiter: ';', decimal: '.' }).rows, [['1,2', '3']]);
    assert.deepEqual(parseCsv('a,b\n1;2,3\n', { delimiter: ',' }).rows, [['1;2', '3']]);
  });

  it('bytes: UTF-8 with or without BOM, UTF-16 with its BOM; other bytes are named', () => {
    assert.deepEqual(parseCsv(new TextEncoder().encode('\uFEFFé,b\n1,2\n')).columns, ['é', 'b']);
    const utf16 = new Uint8Array([0xff, 0xfe, ...[...'x,y\n1,2\n'].flatMap((c) => [c.charCodeAt(0), 0])]);
    assert.deepEqual(parseCsv(utf16).rows, [['1', '2']]);
    assertThrows(() => parseCsv(new Uint8Array([0x61, 0x2c, 0x62, 0x0a, 0xe9, 0x2c, 0x32]), { name: 'latin1.csv' }), FileFormatError, /latin1\.csv: not valid UTF-8 text; save the file as "CSV UTF-8"/);
    assertThrows(() => parseCsv(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0a]), { name: 'img.csv' }), FileFormatError, /img\.csv: binary content/);
  });

  it('without a header, columns are named 0, 1, ...; an empty header cell by its index', () => {
    const t = parseCsv('5.1,3.5,setosa\n4.9,3.0,setosa\n', { header: false });
    assert.deepEqual(t.columns, ['0', '1', '2']);
    assert.equal(t.rows.length, 2);
    assert.deepEqual(t.lines, [1, 2]);
    assert.deepEqual(parseCsv(',a\n0,1\n').columns, ['0', 'a']);
  });

  it('ragged rows name the row and line; quotes, duplicates, empty data and bad options are errors', () => {
    assertThrows(() => parseCsv('a,b,c\n1,2,3\n4,5\n6,7,8\n', { name: 'r.csv' }), FileFormatError, /^r\.csv, row 2 \(line 3\): 2 fields, expected 3 like the header \(delimiter ","\); a field holding the delimiter must be quoted/);
    assertThrows(() => parseCsv('a,b\n1,2\n"x\n', { name: 'q.csv' }), FileFormatError, /^q\.csv: Quoted field unterminated in the row starting on line 3/);
    assertThrows(() => parseCsv('a,b,a\n1,2,3\n'), FileFormatError, /names column "a" twice \(columns 1 and 3\)/);
    assertThrows(() => parseCsv('a,b\n', { name: 'h.csv' }), ValueError, /h\.csv: a header \("a", "b"\) but no data rows: empty data/);
    assertThrows(() => parseCsv(' \n\n', { name: 'e.csv' }), ValueError, /e\.csv: the file is empty/);
    assertThrows(() => parseCsv('a,b\n1,2\n', { delimiter: '"' }), ValueError, /the delimiter must be one character other than a quote/);
    assertThrows(() => parseCsv('a,b\n1,2\n', { maxChars: 5 }), FileFormatError, /8 characters, above the limit of 5/);
  });
});
