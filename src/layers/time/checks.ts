/** The checks the time layers share: ids, (N, T, D) sequences, recurrent state. One line each at the top of a forward. */
import { DTypeError, ShapeError, ValueError, fmtShape } from '../../errors/index.js';
import { Tensor } from '../../tensor/tensor.js';
import type { TensorDType } from '../../tensor/dtype.js';

/** Where an index of a flat position lands in `shape`, for messages: `[3, 5]`. */
export function positionOf(i: number, shape: readonly number[]): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    idx.unshift(i % shape[d]!);
    i = Math.floor(i / shape[d]!);
  }
  return `[${idx.join(', ')}]`;
}

/**
 * Throws unless `ids` is an int32 tensor of rank `ndim` whose values are ids 0 .. vocab − 1 (or
 * `ignore`, where a loss skips the position).
 */
export function checkIds(where: string, ids: unknown, vocab: number, ndim: number, what = 'ids', ignore?: number): Tensor<'int32'> {
  if (!(ids instanceof Tensor)) {
    const got = ids === null ? 'null' : Array.isArray(ids) ? "an array (wrap it: Tensor.from(ids, { dtype: 'int32' }))" : typeof ids;
    throw new ValueError(`${where}: expected the ${what} as an int32 Tensor, got ${got}`);
  }
  const t = ids as Tensor<TensorDType>;
  if (t.dtype !== 'int32') throw new DTypeError(`${where}: the ${what} must be an int32 tensor, got ${t.dtype}; make them with Tensor.from(ids, { dtype: 'int32' })`);
  if (t.ndim !== ndim) throw new ShapeError(`${where}: expected the ${what} of rank ${ndim} (${ndim === 2 ? '[N, T]' : '[N]'}), got shape ${fmtShape(t.shape)}`);
  if (t.size === 0) throw new ShapeError(`${where}: the ${what} ${fmtShape(t.shape)} are empty`);
  const data = t.data as Int32Array;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if ((v < 0 || v >= vocab) && v !== ignore) {
      const allowed = ignore === undefined ? '' : ` or ${ignore} (ignored)`;
      throw new ValueError(`${where}: ${what === 'ids' ? 'id' : 'label'} ${v} at ${positionOf(i, t.shape)} is outside the vocabulary of ${vocab} (0 .. ${vocab - 1}${allowed})`);
    }
  }
  return t as Tensor<'int32'>;
}

/** Throws unless `xs` is a float (N, T, D) tensor, with D = `features` and the weights' dtype when those are given. */
export function checkSequence(where: string, xs: unknown, features: number | null, dtype: string | null, what = 'input'): Tensor {
  const want = `[N, T, ${features ?? 'D'}]`;
  if (!(xs instanceof Tensor)) throw new ValueError(`${where}: expected the ${what} to be a Tensor of shape ${want}, got ${xs === null ? 'null' : typeof xs}`);
  const x = xs as Tensor<TensorDType>;
  if (x.dtype === 'int32') throw new DTypeError(`${where}: the ${what} is int32 (ids); put a TimeEmbedding in front to turn ids into vectors`);
  if (x.ndim !== 3 || (features !== null && x.shape[2] !== features)) throw new ShapeError(`${where}: expected the ${what} of shape ${want}, got ${fmtShape(x.shape)}`);
  if (dtype !== null && x.dtype !== dtype) throw new DTypeError(`${where}: the ${what} is ${x.dtype} but the weights are ${dtype}; convert with .astype('${dtype}')`);
  if (x.shape[0] === 0 || x.shape[1] === 0) throw new ShapeError(`${where}: the ${what} ${fmtShape(x.shape)} is empty; a sequence needs at least one sample and one time step`);
  return x as Tensor;
}

/** Throws unless a state (h or c) fits a batch of N rows of H units; `hint` tells how to start over. */
export function checkState(where: string, name: string, state: Tensor, N: number, H: number): void {
  if (state.ndim !== 2 || state.shape[0] !== N || state.shape[1] !== H) {
    const batch = state.ndim === 2 && state.shape[1] === H ? `; the state holds a batch of ${state.shape[0]}, call resetState() (or setState) before a batch of another size` : '';
    throw new ShapeError(`${where}: the state ${name} must have shape [${N}, ${H}] for this batch, got ${fmtShape(state.shape)}${batch}`);
  }
}

/** Throws unless Wx (D, k·H), Wh (H, k·H) and b (k·H) fit together for `gates` = k; returns H. */
export function checkRecurrentParams(where: string, Wx: Tensor, Wh: Tensor, b: Tensor, gates: number, gateNames: string): number {
  for (const [name, t] of [['Wx', Wx], ['Wh', Wh], ['b', b]] as const) {
    if (!(t instanceof Tensor)) throw new ValueError(`${where}: ${name} must be a Tensor, got ${t === null ? 'null' : typeof t}`);
    if ((t as Tensor<TensorDType>).dtype === 'int32') throw new DTypeError(`${where}: ${name} must be float32 or float64, got int32`);
  }
  const H = Wh.shape[0]!;
  const cols = gates * H;
  const layout = gates === 1 ? '' : ` (${gates} blocks of H: ${gateNames})`;
  if (Wh.ndim !== 2 || Wh.shape[1] !== cols) throw new ShapeError(`${where}: Wh must have shape [H, ${gates === 1 ? 'H' : `${gates}H`}]${layout}, got ${fmtShape(Wh.shape)}`);
  if (Wx.ndim !== 2 || Wx.shape[1] !== cols) throw new ShapeError(`${where}: Wx must have shape [D, ${cols}] to match Wh ${fmtShape(Wh.shape)}, got ${fmtShape(Wx.shape)}`);
  if (b.ndim !== 1 || b.shape[0] !== cols) throw new ShapeError(`${where}: b must have shape [${cols}] to match Wh ${fmtShape(Wh.shape)}, got ${fmtShape(b.shape)}`);
  if (Wx.dtype !== Wh.dtype || Wx.dtype !== b.dtype) throw new DTypeError(`${where}: Wx, Wh and b must share a dtype, got ${Wx.dtype}, ${Wh.dtype} and ${b.dtype}`);
  return H;
}

/** Zeros of each parameter's shape and dtype: a layer's gradient tensors, overwritten in place by each backward. */
export function zerosLike<K extends string>(params: Readonly<Record<K, Tensor>>): Record<K, Tensor> {
  const out = {} as Record<K, Tensor>;
  for (const k of Object.keys(params) as K[]) out[k] = Tensor.zeros(params[k].shape, { dtype: params[k].dtype });
  return out;
}
