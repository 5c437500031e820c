/**
 * The book's weight files mapped onto scratchnet's models. The book saves `self.params`, a dict of
 * its parameter names (W1, b1, ...) to numpy arrays, and scratchnet's models carry the same names
 * and shapes, so the map is by name; a list of arrays is taken in the model's parameter order.
 */
import { FileFormatError, ShapeError, ValueError, fmtShape } from '../errors/index.js';
import { describeModel } from '../models/kinds.js';
import type { Model } from '../models/model.js';
import { Tensor } from '../tensor/tensor.js';
import type { PickledArray, PickleValue } from './pickle.js';

/** One parameter taken from a file: its name, shape, dtype in the file and in the model. */
export interface BookParam {
  readonly name: string;
  readonly shape: readonly number[];
  readonly fileDtype: string;
  readonly dtype: string;
}

const isArray = (v: PickleValue | undefined): v is PickledArray => v !== null && typeof v === 'object' && 'kind' in v && v.kind === 'ndarray';

function kindOf(v: PickleValue): string {
  if (v === null) return 'None';
  if (isArray(v)) return 'a numpy array';
  if (v instanceof Map) return 'a dict';
  if (Array.isArray(v)) return Object.isFrozen(v) ? 'a tuple' : 'a list';
  return v instanceof Uint8Array ? 'bytes' : `a ${typeof v}`;
}

/** The file's arrays by the model's names: a dict by its keys, a list or tuple by position. */
function arraysByName(value: PickleValue, names: readonly string[], file: string, model: string): Map<string, PickledArray> {
  const entries: [string, PickleValue][] = [];
  if (value instanceof Map) entries.push(...value.entries());
  else if (Array.isArray(value)) {
    const items = value as readonly PickleValue[];
    if (items.length !== names.length) throw new ValueError(`${file}: holds a list of ${items.length} arrays; ${model} has ${names.length} (${names.join(', ')}, in this order)`);
    items.forEach((v, i) => entries.push([names[i]!, v]));
  } else {
    throw new FileFormatError(`${file}: holds ${kindOf(value)}; the book's weight files hold a dict of parameter names to numpy arrays (or a list of arrays)`);
  }
  const out = new Map<string, PickledArray>();
  for (const [k, v] of entries) {
    if (!isArray(v)) throw new FileFormatError(`${file}: '${k}' is ${kindOf(v)}, not a numpy array`);
    out.set(k, v);
  }
  return out;
}

/**
 * Puts the arrays of a pickled parameter file into `model` (cast to the model's dtype) after checking
 * that the names are the model's and every shape fits; returns what was taken, in the model's order.
 *
 * @example
 * ```ts
 * import { TwoLayerNet, setBookParams, type PickleValue } from 'scratchnet';
 * // what parsePickle returns for pickle.dump({'W1': ..., 'b1': ..., 'W2': ..., 'b2': ...}, f)
 * const array = (...shape: number[]) => ({ kind: 'ndarray', dtype: 'float64', shape, data: new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(0.5) }) as const;
 * const file: PickleValue = new Map([['W1', array(4, 3)], ['b1', array(3)], ['W2', array(3, 2)], ['b2', array(2)]]);
 * const net = new TwoLayerNet(4, 3, 2);
 * setBookParams(net, file, 'params.pkl'); // [{ name: 'W1', shape: [4, 3], fileDtype: 'float64', dtype: 'float32' }, ...]
 * ```
 */
export function setBookParams(model: Model, value: PickleValue, file = 'pickle'): BookParam[] {
  const desc = describeModel(model);
  const own = { ...model.params, ...model.buffers };
  const names = Object.keys(model.params);
  const arrays = arraysByName(value, names, file, desc);
  const missing = Object.keys(own).filter((k) => !arrays.has(k));
  if (missing.length > 0) {
    const buffers = missing.filter((k) => k in model.buffers);
    throw new ValueError(`${file}: has no ${missing.map((k) => `'${k}'`).join(', ')}, which ${desc} needs (the file has ${[...arrays.keys()].join(', ') || 'nothing'})` +
      (buffers.length > 0 ? '; the book saves only params, not the BatchNorm running averages' : ''));
  }
  const unknown = [...arrays.keys()].filter((k) => !(k in own));
  if (unknown.length > 0) throw new ValueError(`${file}: ${unknown.map((k) => `'${k}'`).join(', ')} ${unknown.length > 1 ? 'have' : 'has'} no place in ${desc} (its parameters are ${Object.keys(own).join(', ')})`);
  const taken: BookParam[] = [];
  const params: Record<string, Tensor> = {};
  const buffers: Record<string, Tensor> = {};
  for (const [k, target] of Object.entries(own)) {
    const a = arrays.get(k)!;
    if (a.shape.length !== target.shape.length || a.shape.some((d, i) => d !== target.shape[i])) {
      throw new ShapeError(`${file}: '${k}' has shape ${fmtShape(a.shape)} in the file, ${desc} expects ${fmtShape(target.shape)}`);
    }
    const data = target.dtype === 'float64' ? Float64Array.from(a.data) : Float32Array.from(a.data);
    (k in model.params ? params : buffers)[k] = new Tensor(data, target.shape);
    taken.push({ name: k, shape: target.shape, fileDtype: a.dtype, dtype: target.dtype });
  }
  model.setParams(params);
  if (Object.keys(buffers).length > 0) model.setBuffers(buffers);
  return taken;
}
