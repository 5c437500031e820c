import { AddLayer } from './add-layer.js';
import { Exp } from './exp.js';
import { MulLayer } from './mul-layer.js';
import { Reciprocal } from './reciprocal.js';

/** One node of the graph as the explorer shows it. */
export interface SigmoidGraphStep {
  readonly node: string;
  readonly input: number;
  readonly output: number;
}

/**
 * The book's sigmoid as a computational graph (figure 5-19), x → ×(−1) → exp → +1 → 1/x → y,
 * evaluated one node at a time with the library's own nodes (MulLayer, Exp,
 * AddLayer, Reciprocal). `values[i]` is the value on edge i (values[0] = x,
 * values[4] = y); `grads[i]` is ∂L/∂(edge i), filled by the backward steps
 * from grads[4] = dout down to grads[0] = dx = dout·y·(1 − y).
 *
 * @example
 * ```ts
 * import { SigmoidGraph } from 'scratchnet';
 * const g = new SigmoidGraph(0.5);
 * while (g.forwardStep()) {}
 * while (g.backwardStep(1)) {}
 * g.values[4]; // σ(0.5)
 * g.grads[0];  // σ(0.5)·(1 − σ(0.5))
 * ```
 */
export class SigmoidGraph {
  static readonly NODES = ['×(−1)', 'exp', '+1', '1/x'] as const;
  readonly values: (number | null)[] = [null, null, null, null, null];
  readonly grads: (number | null)[] = [null, null, null, null, null];
  private readonly mul = new MulLayer();
  private readonly exp = new Exp();
  private readonly add = new AddLayer();
  private readonly recip = new Reciprocal();
  private forwardDone = 0;
  private backwardDone = 0;

  constructor(x: number) {
    this.values[0] = x;
  }

  /** Runs the next node forward; false when all four have run. */
  forwardStep(): boolean {
    const i = this.forwardDone;
    if (i >= 4) return false;
    const v = this.values[i]!;
    this.values[i + 1] = i === 0 ? this.mul.forward(v, -1) : i === 1 ? this.exp.forward(v) : i === 2 ? this.add.forward(v, 1) : this.recip.forward(v);
    this.forwardDone++;
    return true;
  }

  /** Runs the next node backward (after the forward pass); false when done or not yet possible. */
  backwardStep(dout: number): boolean {
    if (this.forwardDone < 4 || this.backwardDone >= 4) return false;
    const k = 3 - this.backwardDone; // node index, last first
    if (this.backwardDone === 0) this.grads[4] = dout;
    const g = this.grads[k + 1]!;
    this.grads[k] = k === 3 ? this.recip.backward(g) : k === 2 ? this.add.backward(g)[0] : k === 1 ? this.exp.backward(g) : this.mul.backward(g)[0];
    this.backwardDone++;
    return true;
  }

  get forwardSteps(): number {
    return this.forwardDone;
  }

  get backwardSteps(): number {
    return this.backwardDone;
  }
}
