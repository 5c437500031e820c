import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { niceTicks, trainingPlotSvg } from '../../src/index.js';

describe('trainingPlotSvg', () => {
  it('draws both panels with axes, ticks, labels and a legend', () => {
    const svg = trainingPlotSvg({
      lossHistory: Array.from({ length: 3000 }, (_, i) => 2.3 * Math.exp(-i / 500) + 0.1),
      history: [1, 2, 3, 4, 5].map((epoch) => ({ epoch, trainAcc: 0.8 + epoch * 0.03, testAcc: 0.79 + epoch * 0.03 })),
      title: 'a <test> & run',
    });
    assert.match(svg, /^<\?xml/);
    assert.equal((svg.match(/<polyline /g) ?? []).length, 3, 'loss, train acc, test acc');
    for (const text of ['iteration', 'loss (mean of 3 iterations)', 'epochs', 'accuracy', 'train acc', 'test acc', 'a &lt;test&gt; &amp; run']) assert.ok(svg.includes(text), text);
    assert.ok(svg.includes('>1k<') && svg.includes('>0.4<'), 'tick labels');
    // every coordinate is a finite number inside the 900×380 canvas
    for (const m of svg.matchAll(/points="([^"]+)"/g)) {
      for (const pair of m[1]!.split(' ')) {
        const [x, y] = pair.split(',').map(Number);
        assert.ok(x! >= 0 && x! <= 900 && y! >= 0 && y! <= 380, pair);
      }
    }
  });

  it('picks round tick steps', () => {
    assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(0, 10000), [0, 2000, 4000, 6000, 8000, 10000]);
    assert.deepEqual(niceTicks(0, 2.4), [0, 0.5, 1, 1.5, 2]);
  });
});
