import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scatterSvg, trainingPlotSvg } from '../../src/index.js';

/** The centres of the circles drawn. */
const circles = (svg: string) => [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="4" fill="(#[0-9a-f]+)"/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), fill: m[3] }));

describe('scatterSvg', () => {
  it('places points by their coordinates, coloured by group, and leaves out those outside the ranges', () => {
    const svg = scatterSvg({ points: [{ x: 0, y: 0, group: 0 }, { x: 1, y: 1, group: 1 }, { x: 5, y: 0 }, { x: NaN, y: 0 }], xRange: [0, 1], yRange: [0, 1], title: 'x < y & more' });
    const c = circles(svg);
    assert.equal(c.length, 2);
    // the plot area is 400 × 360 from (70, 40): (0, 0) is its bottom left, (1, 1) its top right
    assert.deepEqual(c[0], { x: 70, y: 400, fill: '#1f77b4' });
    assert.deepEqual(c[1], { x: 470, y: 40, fill: '#ff7f0e' });
    assert.ok(svg.includes('x &lt; y &amp; more'));
  });

  it('paints decision regions row by row from the top, and a curve with a legend', () => {
    const svg = scatterSvg({
      points: [],
      xRange: [-1, 1],
      yRange: [-1, 1],
      regions: { columns: 2, rows: 2, groups: [0, 1, 2, 3] },
      lines: [{ name: 'fit', points: [[-1, -1], [1, 5]] }],
      groupNames: ['a', 'b'],
    });
    const cells = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="200.3" height="180.3" fill="(#[0-9a-f]+)"/g)].map((m) => [Number(m[1]), Number(m[2]), m[3]]);
    assert.deepEqual(cells, [[70, 40, '#1f77b4'], [270, 40, '#ff7f0e'], [70, 220, '#2ca02c'], [270, 220, '#d62728']]);
    // a curve beyond the range is drawn at its edge
    assert.match(svg, /<polyline points="70\.0,400\.0 470\.0,40\.0"/);
    for (const name of ['>a<', '>b<', '>fit<']) assert.ok(svg.includes(name), name);
  });
});

describe('trainingPlotSvg with validation figures', () => {
  it('draws validation accuracy beside train and test, or R² for regression', () => {
    const history = [1, 2].map((epoch) => ({ epoch, trainAcc: 0.5, testAcc: null, validation: { accuracy: 0.4 } }));
    const svg = trainingPlotSvg({ lossHistory: [1, 0.5], history });
    assert.ok(svg.includes('validation acc') && svg.includes('train acc') && !svg.includes('test acc'));
    const reg = trainingPlotSvg({ lossHistory: [1, 0.5], history: [1, 2].map((epoch) => ({ epoch, trainAcc: null, testAcc: null, train: { r2: 0.5 }, validation: { r2: -3 } })) });
    assert.ok(reg.includes('train R²') && reg.includes('validation R²') && reg.includes('R² (below 0 drawn at 0)'));
    assert.equal((reg.match(/<polyline /g) ?? []).length, 3, 'loss, train R², validation R²');
  });
});
