import { Tensor, describeModel, type Model } from '../../src/browser';

/** The model the page works with (trained here, uploaded, restored or the pretrained one), shared by its pages. */
export interface Current {
  readonly model: Model;
  /** Where it came from, for the page's text. */
  readonly source: string;
}

/** What the page can read with a model: 28×28 digits in, ten classes out; otherwise why not. */
export function digitModelProblem(model: Model): string | null {
  const size = model.inputShape.reduce((a, b) => a * b, 1);
  if (size !== 784) return `this page reads 28×28 digits, and this model takes input of shape [${model.inputShape.join(', ')}]`;
  if (model.lossName !== 'softmax-cross-entropy') return `this page reads digits with a softmax classifier, and this model's output layer is '${model.lossName}'`;
  const dtype = Object.values(model.params)[0]?.dtype ?? 'float32';
  const classes = model.predict(Tensor.zeros([1, ...model.inputShape], { dtype })).shape[1];
  return classes === 10 ? null : `this page reads the ten digits, and this model has ${classes} classes`;
}

export class CurrentModel {
  private value: Current | null = null;
  private readonly listeners: ((c: Current) => void)[] = [];

  get(): Current | null {
    return this.value;
  }

  set(model: Model, source: string): void {
    this.value = { model, source };
    for (const l of this.listeners) l(this.value);
  }

  onChange(listener: (c: Current) => void): void {
    this.listeners.push(listener);
  }

  /** A few words on the current model, e.g. "two-layer 784-100-10 relu (pretrained.safetensors)". */
  describe(): string {
    return this.value === null ? 'none yet' : `${describeModel(this.value.model)} (${this.value.source})`;
  }
}
