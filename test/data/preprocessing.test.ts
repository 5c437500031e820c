import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FileFormatError, NonFiniteError, Preprocessing, ShapeError, Tensor, ValueError, csvData, parseCsv, tableFromRecords, takeTableRows } from '../../src/index.js';
import { assertThrows } from '../helpers.js';

const HOUSES = 'area,rooms,city,price\n100,4,Lyon,200\n50,2,Paris,110\n80,3,Lyon,170\n70,3,Nice,150\n';

/** Population mean and std, written out. */
function stats(v: number[]): [number, number] {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return [m, Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length)];
}

describe('Preprocessing of tables', () => {
  it('fits on the training rows: numbers standardized, text one-hot, the target standardized and back in its units', () => {
    const table = parseCsv(HOUSES, { name: 'houses.csv' });
    const train = takeTableRows(table, [0, 1, 2]);
    const prep = Preprocessing.fit(train, { target: 'price' });
    assert.equal(prep.task, 'regression');
    assert.deepEqual(prep.featureNames, ['area', 'rooms', 'city=Lyon', 'city=Paris']);
    const [ma, sa] = stats([100, 50, 80]);
    const [mr, sr] = stats([4, 2, 3]);
    const [mp, sp] = stats([200, 110, 170]);
    const { x, y } = prep.transform(train, { dtype: 'float64' });
    assert.deepEqual([...x.shape], [3, 4]);
    const want = [[(100 - ma) / sa, (4 - mr) / sr, 1, 0], [(50 - ma) / sa, (2 - mr) / sr, 0, 1], [(80 - ma) / sa, (3 - mr) / sr, 1, 0]];
    want.flat().forEach((v, i) => assert.ok(Math.abs(x.data[i]! - v) < 1e-12, `x[${i}]`));
    assert.ok(y instanceof Tensor);
    [200, 110, 170].forEach((p, i) => assert.ok(Math.abs(y.data[i]! - (p - mp) / sp) < 1e-12));
    const back = prep.inverseTarget(y);
    [200, 110, 170].forEach((p, i) => assert.ok(Math.abs(back.data[i]! - p) < 1e-9));
    // rows in another order of columns, as records, without the target: the same inputs
    const again = prep.transform([{ city: 'Paris', price: null, rooms: 2, area: 50 }].map(({ city, rooms, area }) => ({ city, rooms, area })), { dtype: 'float64' });
    assert.equal(again.y, null);
    assert.deepEqual([...again.x.data], [...x.data.subarray(4, 8)]);
  });

  it('a constant column does not divide by 0; standardize: false keeps numbers as they are', () => {
    const t = tableFromRecords([{ a: 3, b: 1, c: 'u' }, { a: 3, b: 2, c: 'v' }, { a: 3, b: 5, c: 'u' }]);
    const prep = Preprocessing.fit(t, { target: 'c' });
    const { x, y } = prep.transform(t);
    assert.deepEqual([...x.data].filter((_, i) => i % 2 === 0), [0, 0, 0]);
    assert.ok([...x.data].every(Number.isFinite));
    assert.deepEqual([...(y as Int32Array)], [0, 1, 0]);
    assert.deepEqual([...Preprocessing.fit(t, { target: 'c', standardize: false }).transform(t).x.data], [3, 1, 3, 2, 3, 5]);
  });

  it('task auto: text or few whole numbers are classes, other numbers are regression; task and categorical by option', () => {
    const t = (ys: (number | string)[]) => tableFromRecords(ys.map((y, i) => ({ x: i, y })));
    assert.deepEqual(Preprocessing.fit(t([1, 0, 1, 0, 2, 2]), { target: 'y' }).classes, ['0', '1', '2']);
    assert.equal(Preprocessing.fit(t([1.5, 0, 1, 0]), { target: 'y' }).task, 'regression');
    assert.equal(Preprocessing.fit(t([1, 2, 3, 4]), { target: 'y' }).task, 'regression');
    assert.equal(Preprocessing.fit(t([1, 2, 3, 4]), { target: 'y', task: 'classification' }).task, 'classification');
    assert.deepEqual(Preprocessing.fit(t(['b', 'a', 'b']), { target: -1 }).classes, ['a', 'b']);
    const zip = tableFromRecords([{ zip: 75001, y: 1 }, { zip: 69001, y: 2 }, { zip: 75001, y: 3 }]);
    assert.deepEqual(Preprocessing.fit(zip, { target: 'y', categorical: ['zip'] }).featureNames, ['zip=69001', 'zip=75001']);
    // a class written 1.0 in new data is the class "1"
    const prep = Preprocessing.fit(t([1, 0, 1, 0]), { target: 'y' });
    assert.deepEqual([...(prep.transform(tableFromRecords([{ x: 0, y: '1.0' }])).y as Int32Array)], [1]);
  });

  it('toJSON / fromJSON round-trip through text; fromJSON checks every field', () => {
    const prep = Preprocessing.fit(parseCsv(HOUSES), { target: 'city' });
    const back = Preprocessing.fromJSON(JSON.parse(JSON.stringify(prep)));
    assert.deepEqual(back.toJSON(), prep.toJSON());
    assert.deepEqual(back.classes, ['Lyon', 'Nice', 'Paris']);
    const good = prep.toJSON();
    const bad: [unknown, RegExp][] = [
      [null, /\(top level\): expected an object, got null/],
      [{ ...good, format: 'other' }, /format: expected "scratchnet-preprocessing"/],
      [{ ...good, version: 2 }, /version: expected 1/],
      [{ ...good, extra: 1 }, /extra: expected only the keys/],
      [{ ...good, input: { kind: 'table', features: [{ name: 'a', type: 'number', mean: 0, std: 0 }] } }, /input\.features\[0\]\.std: expected a positive finite number, got 0/],
      [{ ...good, input: { kind: 'table', features: [{ name: 'a', type: 'number', mean: 'x', std: 1 }] } }, /input\.features\[0\]\.mean: expected a finite number/],
      [{ ...good, input: { kind: 'table', features: [{ name: 'a', type: 'category', categories: ['u', 'u'] }] } }, /categories: expected unique names, got "u"/],
      [{ ...good, input: { kind: 'table', features: [] } }, /input\.features: expected a list of 1 to/],
      [{ ...good, input: { kind: 'image', height: 0, width: 8, channels: 1 } }, /input\.height: expected a whole number from 1 to 16384, got 0/],
      [{ ...good, input: { kind: 'image', height: 8, width: 8, channels: 2 } }, /input\.channels: expected 1 or 3, got 2/],
      [{ ...good, input: { kind: 'array', shape: [2], mean: [0], std: [1, 1] } }, /input\.mean and input\.std: expected 2 numbers each/],
      [{ ...good, target: { name: 'c', type: 'classes', classes: ['only'] } }, /target\.classes: expected a list of 2 to/],
      [{ ...good, target: { name: 'c', type: 'number', mean: [0], std: [-1] } }, /target\.std\[0\]: expected a positive finite number, got -1/],
    ];
    for (const [json, pattern] of bad) assertThrows(() => Preprocessing.fromJSON(json, 'model.safetensors'), FileFormatError, /^model\.safetensors: not a valid preprocessing description: /, pattern);
  });

  it('arrays: a mean and std per element; class indices or numbers per column; images: size and channels checked', () => {
    const x = Tensor.from([[1, 10], [3, 10], [5, 10]], { dtype: 'float64' });
    const prep = Preprocessing.fitArrays(x, Tensor.from([[2], [4], [6]]));
    const { x: z } = prep.transform(Tensor.from([[3, 10]]), { dtype: 'float64' });
    assert.deepEqual([...z.data], [0, 0]);
    assert.deepEqual([...prep.inverseTarget(Tensor.from([[0], [1]])).data].map((v) => +v.toFixed(6)), [4, +(4 + Math.sqrt(8 / 3)).toFixed(6)]);
    assert.deepEqual([...(prep.transformTarget(Tensor.from([[4]])) as Tensor).data], [0]);
    const cls = Preprocessing.fitArrays(x, Int32Array.of(0, 1, 1), { classes: ['no', 'yes'] });
    assert.deepEqual(cls.classes, ['no', 'yes']);
    assertThrows(() => cls.transformTarget(Int32Array.of(0, 2)), ValueError, /label 1 is 2, a class never seen in training/);
    assertThrows(() => prep.transform(Tensor.zeros([2, 3])), ShapeError, /transform: expected samples of shape \[N, 2\] like the training data, got \[2, 3\]/);
    const img = Preprocessing.forImages({ height: 8, width: 6, channels: 3, classes: ['cat', 'dog'] });
    assert.deepEqual(img.inputShape, [3, 8, 6]);
    assertThrows(() => img.transform(Tensor.zeros([1, 1, 8, 6])), ShapeError, /expected samples of shape \[N, 3, 8, 6\] .* got \[1, 1, 8, 6\]; read images with the same size and channels/);
    assertThrows(() => Preprocessing.forImages({ height: 8, width: 6, channels: 3, classes: ['cat'] }), FileFormatError, /target\.classes: expected a list of 2/);
  });
});

describe('bad input for tables: each a typed error naming the file, row, column and value', () => {
  it('a non-numeric value in a numeric column: row, column and value', () => {
    assertThrows(() => csvData('a,b,y\n1,2,0\n3,x4,1\n5,6,0\n7,8,1\n', { target: 'y', name: 'd.csv' }), ValueError, /^d\.csv, row 2 \(line 3\), column "b": expected a number, got "x4"; most of this column are numbers; name it in the categorical option/);
    assertThrows(() => csvData('a;y\n1,5;0\n2;1\n', { target: 'y', name: 'c.csv', decimal: '.' }), ValueError, /c\.csv, row 1 \(line 2\), column "a": expected a number, got "1,5"; if the file writes decimals with a comma, pass decimal: ','/);
  });

  it('a missing target column lists the columns', () => {
    assertThrows(() => csvData(HOUSES, { target: 'Price', name: 'houses.csv' }), ValueError, /^houses\.csv: no column "Price" for the target; the columns are "area", "rooms", "city", "price"; did you mean "price"\?/);
    assertThrows(() => csvData(HOUSES, { target: 9 }), ValueError, /no column 9 for the target; there are 4 columns/);
    assertThrows(() => csvData(HOUSES, { target: 'price', features: ['area', 'price'] }), ValueError, /the target column "price" is also listed among the features/);
  });

  it('NaN, infinity and missing values: named by row and column, unless missing: drop', () => {
    assertThrows(() => csvData('a,y\n1,0\n1e999,1\n', { target: 'y', name: 'i.csv' }), NonFiniteError, /^i\.csv, row 2 \(line 3\), column "a": "1e999" is not a finite number/);
    assertThrows(() => csvData('a,y\n1,0\n-inf,1\n', { target: 'y' }), NonFiniteError, /column "a": "-inf" is not a finite number/);
    assertThrows(() => csvData('a,y\n1,0\nNaN,1\n2,1\n', { target: 'y', name: 'n.csv' }), ValueError, /^n\.csv, row 2 \(line 3\), column "a": a missing value \("NaN"\); fill it in, or drop incomplete rows \(missing: 'drop'\)/);
    assertThrows(() => csvData('a,c,y\n1,u,0\n2,,1\n', { target: 'y' }), ValueError, /row 2 \(line 3\), column "c": a missing value \(empty\)/);
    const d = csvData('a,c,y\n1,u,0\nNA,v,1\n2,,1\n3,v,1\n4,u,0\n', { target: 'y', missing: 'drop' });
    assert.equal(d.dropped, 2);
    assert.deepEqual(d.table.rowNumbers, [1, 4, 5]);
    assert.deepEqual([...d.x.data], [1, 1, 0, 3, 0, 1, 4, 1, 0]);
  });

  it('one class only, and empty data', () => {
    assertThrows(() => csvData('a,y\n1,yes\n2,yes\n', { target: 'y', name: 'o.csv' }), ValueError, /^o\.csv: the target column "y" holds one class only \("yes"\) in 2 rows; a classifier needs at least two classes/);
    assertThrows(() => csvData('a,y\n', { target: 'y', name: 'e.csv' }), ValueError, /e\.csv: a header \("a", "y"\) but no data rows: empty data/);
    assertThrows(() => csvData('a,y\n,1\nNA,0\n', { target: 'y', missing: 'drop', name: 'm.csv' }), ValueError, /m\.csv: every one of the 2 rows misses a value, so none is left: empty data/);
    assertThrows(() => Preprocessing.fit(tableFromRecords([]), { target: 'y' }), ValueError, /no rows: empty data/);
  });

  it('rows with other columns than the fitted preprocessing: names what differs; unseen classes and categories are named', () => {
    const prep = Preprocessing.fit(parseCsv(HOUSES), { target: 'price' });
    const other = parseCsv('area,city,floor\n90,Lyon,2\n', { name: 'new.csv' });
    assertThrows(() => prep.transform(other), ValueError, /^new\.csv: the columns differ from those the preprocessing was fitted on: missing "rooms"; not in training "floor"; expected "area", "rooms", "city" \(and optionally the target "price"\); drop the extra columns, or pass extraColumns: 'ignore'/);
    const withId = parseCsv('id,area,rooms,city\n7,90,3,Lyon\n');
    assert.deepEqual(prep.transform(withId, { extraColumns: 'ignore' }).x.shape, [1, 5]);
    assertThrows(() => prep.transform(parseCsv('area,rooms,city\n90,3,Lille\n', { name: 'n.csv' })), ValueError, /^n\.csv, row 1 \(line 2\), column "city": the category "Lille" was never seen in training; known: "Lyon", "Nice", "Paris"/);
    const cls = Preprocessing.fit(parseCsv(HOUSES), { target: 'city' });
    assertThrows(() => cls.transform(parseCsv('area,rooms,price,city\n90,3,100,Lille\n', { name: 'e.csv' })), ValueError, /^e\.csv, row 1 \(line 2\), column "city": the class "Lille" was never seen in training; the classes are "Lyon", "Nice", "Paris"/);
    assertThrows(() => prep.transform(Tensor.zeros([1, 5])), ValueError, /this preprocessing is for a table with columns "area", "rooms", "city"; pass rows/);
  });

  it('an identifier column is not a category; records with other keys are named', () => {
    const ids = Array.from({ length: 1200 }, (_, i) => `id${i},${i % 2}`).join('\n');
    assertThrows(() => csvData(`id,y\n${ids}\n`, { target: 'y', name: 'ids.csv' }), ValueError, /ids\.csv: column "id" holds 1200 different texts in 1200 rows, more than the 1000 categories allowed \(an identifier or free text\?\)/);
    assertThrows(() => tableFromRecords([{ a: 1, b: 2 }, { a: 1, c: 2 }]), ValueError, /records, row 2: the keys differ from the first record's; missing "b"; extra "c"/);
  });

  it('does not change its arguments', () => {
    const table = parseCsv(HOUSES);
    const copy = JSON.stringify(table);
    const prep = Preprocessing.fit(table, { target: 'price' });
    prep.transform(table);
    assert.equal(JSON.stringify(table), copy);
    const json = prep.toJSON();
    (json.input as unknown as { features: unknown[] }).features.length = 0;
    assert.equal(prep.featureNames.length, 5);
  });
});

describe('a preprocessing in a model file', () => {
  it("round-trips through a model file's safetensors metadata, beside the architecture, and is checked on the way back", async () => {
    const { TwoLayerNet, decodeSafetensors, encodeSafetensors, modelFileBytes, modelFromSafetensors, preprocessingFromMetadata, preprocessingMetadata, PREPROCESSING_METADATA_KEY } = await import('../../src/index.js');
    const prep = Preprocessing.fit(parseCsv(HOUSES), { target: 'price' });
    assert.deepEqual([prep.inputShape, prep.outputs], [[5], 1]);
    const bytes = modelFileBytes(new TwoLayerNet(5, 4, 1, { seed: 0 }), preprocessingMetadata(prep));
    assert.ok(modelFromSafetensors(bytes, 'm.safetensors'));
    const back = preprocessingFromMetadata(decodeSafetensors(bytes, 'm.safetensors').metadata, 'm.safetensors');
    assert.deepEqual(back?.toJSON(), prep.toJSON());
    assert.equal(preprocessingFromMetadata({ format: 'scratchnet' }), null);
    assertThrows(() => preprocessingFromMetadata({ [PREPROCESSING_METADATA_KEY]: '{"format": ' }, 'm.safetensors'), FileFormatError, /m\.safetensors: the metadata's 'scratchnet\.preprocessing' is not valid JSON/);
    const tampered = encodeSafetensors({}, { [PREPROCESSING_METADATA_KEY]: JSON.stringify({ ...prep.toJSON(), target: { name: 'p', type: 'number', mean: [0], std: [0] } }) });
    assertThrows(() => preprocessingFromMetadata(decodeSafetensors(tampered, 'm.safetensors').metadata, 'm.safetensors'), FileFormatError, /m\.safetensors: not a valid preprocessing description: target\.std\[0\]: expected a positive finite number, got 0/);
  });
});
