import { Tensor, describeModel, type Model } from '../../src/browser';
import { msg, t, type Msg } from './i18n';

/** The model the page works with (trained here, uploaded, restored or the pretrained one), shared by its pages. */
export interface Current {
  readonly model: Model;
  /** Where it came from: a text of the page's table, or a file name as it is. */
  readonly source: Msg | string;
}

/** What the page can read with a model: 28×28 digits in, ten classes out; otherwise why not (in the page's language). */
export function digitModelProblem(model: Model): string | null {
  const size = model.inputShape.reduce((a, b) => a * b, 1);
  if (size !== 784) return t('problem.input', { shape: model.inputShape.join(', ') });
  if (model.lossName !== 'softmax-cross-entropy') return t('problem.loss', { loss: model.lossName });
  const dtype = Object.values(model.params)[0]?.dtype ?? 'float32';
  const classes = model.predict(Tensor.zeros([1, ...model.inputShape], { dtype })).shape[1];
  return classes === 10 ? null : t('problem.classes', { n: classes ?? 0 });
}

export class CurrentModel {
  private value: Current | null = null;
  private readonly listeners: ((c: Current) => void)[] = [];

  get(): Current | null {
    return this.value;
  }

  set(model: Model, source: Msg | string): void {
    this.value = { model, source };
    for (const l of this.listeners) l(this.value);
  }

  onChange(listener: (c: Current) => void): void {
    this.listeners.push(listener);
  }

  /** A few words on the current model, e.g. "two-layer 784-100-10 relu (pretrained.safetensors)", in the page's language. */
  describe(): string {
    const m = this.describeMsg();
    return t(m.k, m.a);
  }

  /** The same words not yet put into a language, for a message that the language switch rewrites. */
  describeMsg(): Msg {
    if (this.value === null) return msg('current.none');
    return msg('current.model', { model: describeModel(this.value.model), source: this.value.source });
  }
}
