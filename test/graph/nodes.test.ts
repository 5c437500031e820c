import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AddLayer, Exp, MulLayer, Reciprocal, Rng, Sigmoid, Tensor, ValueError } from '../../src/index.js';
import { assertClose, assertThrows, f64, snapshot } from '../helpers.js';

describe("the book's shopping example (MulLayer, AddLayer)", () => {
  it('gives 715 and the gradients 2.2, 110, 3.3, 165, 650', () => {
    const [apple, appleNum, orange, orangeNum, tax] = [100, 2, 150, 3, 1.1];
    const mulApple = new MulLayer();
    const mulOrange = new MulLayer();
    const addFruit = new AddLayer();
    const mulTax = new MulLayer();

    const applePrice = mulApple.forward(apple, appleNum);
    const orangePrice = mulOrange.forward(orange, orangeNum);
    const allPrice = addFruit.forward(applePrice, orangePrice);
    const price = mulTax.forward(allPrice, tax);

    const [dAllPrice, dTax] = mulTax.backward(1);
    const [dApplePrice, dOrangePrice] = addFruit.backward(dAllPrice);
    const [dOrange, dOrangeNum] = mulOrange.backward(dOrangePrice);
    const [dApple, dAppleNum] = mulApple.backward(dApplePrice);

    const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} vs ${b}`);
    close(price, 715);
    close(dApple, 2.2);
    close(dAppleNum, 110);
    close(dOrange, 3.3);
    close(dOrangeNum, 165);
    close(dTax, 650);
  });
});

describe('the sigmoid as a graph: x → ×(−1) → exp → +1 → 1/x', () => {
  it("chains to the Sigmoid layer's dout·y·(1 − y) on random inputs", () => {
    const rng = new Rng(4);
    const x = Tensor.randn([3, 5], rng, { ...f64, std: 3 });
    const dout = Tensor.randn([3, 5], rng, f64);
    const neg = new MulLayer();
    const exp = new Exp();
    const plus = new AddLayer();
    const recip = new Reciprocal();
    const y = recip.forward(plus.forward(exp.forward(neg.forward(x, -1)), 1));
    const [dPlus] = plus.backward(recip.backward(dout));
    const [dx] = neg.backward(exp.backward(dPlus));

    const layer = new Sigmoid();
    assertClose(y as Tensor, layer.forward(x), { rtol: 1e-14, atol: 1e-15 });
    assertClose(dx as Tensor, layer.backward(dout), { rtol: 1e-12, atol: 1e-15 });
    // and by hand: dout·y²·exp(−x)
    assertClose(dx as Tensor, dout.mul((y as Tensor).square()).mul(x.neg().exp()), { rtol: 1e-12, atol: 1e-15 });
  });

  it('nodes check their inputs, need forward before backward, and do not change arguments', () => {
    assertThrows(() => new Exp().backward(1), Error, /call forward first/);
    assertThrows(() => new MulLayer().forward('2' as unknown as number, 3), ValueError, /MulLayer.forward: expected a number or a Tensor, got string/);
    const x = Tensor.from([1, 2], f64);
    const before = snapshot(x);
    const r = new Reciprocal();
    r.forward(x);
    r.backward(x);
    assert.deepEqual(snapshot(x), before);
    assert.equal(new Reciprocal().forward(4), 0.25);
  });
});

describe('SigmoidGraph (the explorer\'s graph)', () => {
  it('steps node by node to the Sigmoid layer\'s y and dout·y·(1 − y)', async () => {
    const { SigmoidGraph } = await import('../../src/index.js');
    for (const x of [-3, 0, 0.5, 7]) {
      const g = new SigmoidGraph(x);
      assert.equal(g.backwardStep(1), false, 'no backward before the forward pass');
      let steps = 0;
      while (g.forwardStep()) steps++;
      assert.equal(steps, 4);
      assert.deepEqual(g.values.slice(0, 4), [x, -x, Math.exp(-x), 1 + Math.exp(-x)]);
      while (g.backwardStep(2)) steps++;
      const layer = new Sigmoid();
      const y = layer.forward(Tensor.from([x], f64)).data[0]!;
      const dx = layer.backward(Tensor.from([2], f64)).data[0]!;
      assert.ok(Math.abs(g.values[4]! - y) < 1e-15 && Math.abs(g.grads[0]! - dx) < 1e-15, `x=${x}`);
      assert.equal(g.grads[4], 2);
    }
  });
});
