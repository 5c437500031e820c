/** Small data sets of each kind for the command-line tests: a table of flowers, one of flats, class folders of images, an .npz. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { Rng, encodeNpz } from '../../src/index.js';

/** The made-up price of a flat: the rule the regression has to find. */
export const price = (area: number, rooms: number, city: string) => 2000 * area * (city === 'Paris' ? 1.8 : 1) + 10000 * rooms;

/** Small data sets of each kind, written into `dir`. */
export function writeOwnData(dir: string): void {
  const rng = new Rng(7);
  const flowers = Array.from({ length: 90 }, (_, i) => {
    const k = i % 3;
    return `${(5 + 0.3 * k + 0.3 * rng.normal()).toFixed(2)};${(1.5 + 2 * k + 0.3 * rng.normal()).toFixed(2)};${i % 2 ? 'pale' : 'bright'};${['setosa', 'versicolor', 'virginica'][k]}`;
  });
  writeFileSync(join(dir, 'flowers.csv'), `sepal length;petal length;colour;species\n${flowers.join('\n')}\n`);
  const flats = Array.from({ length: 120 }, () => {
    const area = 30 + 120 * rng.random();
    const rooms = 1 + Math.floor(area / 30);
    const city = ['Lyon', 'Paris', 'Nice'][rng.int(3)]!;
    return `${area.toFixed(1)},${rooms},${city},${(price(area, rooms, city) + 3000 * rng.normal()).toFixed(0)}`;
  });
  writeFileSync(join(dir, 'houses.csv'), `area,rooms,city,price\n${flats.join('\n')}\n`);
  // two kinds of 8×8 picture: a bright square in the middle, or bright corners
  for (const [name, lit] of [['middle', (x: number, y: number) => x > 1 && x < 6 && y > 1 && y < 6], ['corners', (x: number, y: number) => (x < 2 || x > 5) && (y < 2 || y > 5)]] as const) {
    mkdirSync(join(dir, 'shapes', name), { recursive: true });
    for (let k = 0; k < 10; k++) {
      const data = Uint8Array.from({ length: 64 }, (_, i) => Math.max(0, Math.min(255, (lit(i % 8, Math.floor(i / 8)) ? 210 : 40) + 25 * rng.normal())));
      writeFileSync(join(dir, 'shapes', name, `${k}.png`), encode({ width: 8, height: 8, channels: 1, depth: 8, data }));
    }
  }
  const n = 100;
  const x = Float64Array.from({ length: 2 * n }, () => rng.uniform(-3, 3));
  const y = Float64Array.from({ length: n }, (_, i) => 5 * Math.sin(x[2 * i]!) + x[2 * i + 1]! + 0.1 * rng.normal());
  writeFileSync(join(dir, 'sine.npz'), encodeNpz({ x: { dtype: 'float64', shape: [n, 2], data: x }, y: { dtype: 'float32', shape: [n], data: y } }));
}

