import { Tensor, TwoLayerNet } from '../../src/index.js';
import { fixture } from '../helpers.js';

interface NetRef {
  hist: number[];
  hist_range: [number, number];
  zeros: number;
  confusion: number[][];
  wrong: [number, number, number, number][];
}

/** test/fixtures/inspect.json, made by make_inspect_fixtures.py with numpy. */
export const ref = fixture<{
  histogram: { values: number[]; counts: number[]; range: [number, number]; fixed: number[]; below: number; above: number };
  net: { x: number[][]; t: number[]; W1: number[][]; b1: number[]; W2: number[][]; b2: number[]; tiles: number[][][]; sigmoid: NetRef; relu: NetRef };
}>('inspect.json');

/** The fixture's TwoLayerNet 16-6-4 (float64) with its activation. */
export function refNet(activation: 'sigmoid' | 'relu'): TwoLayerNet {
  const net = new TwoLayerNet(16, 6, 4, { activation, dtype: 'float64' });
  const t = (v: number[] | number[][]) => Tensor.from(v, { dtype: 'float64' });
  net.setParams({ W1: t(ref.net.W1), b1: t(ref.net.b1), W2: t(ref.net.W2), b2: t(ref.net.b2) });
  return net;
}
