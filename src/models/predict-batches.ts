import { ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { Tensor } from '../tensor/tensor.js';
import type { Model } from './model.js';

/**
 * The model's eval-mode outputs for every sample of x, `batchSize` samples at a time (a conv net's
 * im2col of a whole test set would not fit in memory), as one (N, outputs) tensor.
 */
export function predictInBatches(model: Model, x: Tensor, batchSize: number, where: string): Tensor {
  if (!Number.isSafeInteger(batchSize) || batchSize <= 0) throw new ValueError(`${where}: batchSize must be a positive integer, got ${batchSize}`);
  if (!(x instanceof Tensor)) throw new ValueError(`${where}: expected the samples as a Tensor, got ${Array.isArray(x) ? 'an array (wrap it with Tensor.from)' : typeof x}`);
  const n = x.shape[0] ?? 0;
  if (n === 0) throw new ValueError(`${where}: no samples`);
  const per = x.size / n;
  const want = model.inputShape.reduce((a, b) => a * b, 1);
  if (per !== want) throw new ShapeError(`${where}: each sample must have shape ${fmtShape(model.inputShape)} (${want} values), got ${fmtShape(x.shape)}`);
  let out: Tensor | null = null;
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(n, start + batchSize);
    const y = model.predict(new Tensor(x.data.subarray(start * per, end * per), [end - start, ...x.shape.slice(1)]), { train: false });
    const k = y.size / (end - start);
    out ??= Tensor.zeros([n, k], { dtype: y.dtype });
    out.data.set(y.data, start * k);
  }
  return out!;
}
