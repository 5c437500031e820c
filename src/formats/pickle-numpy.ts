/**
 * The numpy side of the pickle reader: what `numpy.dtype(...)`, `_reconstruct(...)` plus its state
 * and `_frombuffer(...)` would build, rebuilt here from plain values without running numpy. Only
 * float16/32/64 arrays in C order, as the book's weight files hold.
 */

/** The dtypes an array read from a pickle can have (float16 values are widened to float32). */
export type PickleDType = 'float16' | 'float32' | 'float64';

/** A numpy array read from a pickle: its dtype in the file, its shape, its values in C order. */
export interface PickledArray {
  readonly kind: 'ndarray';
  readonly dtype: PickleDType;
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array;
}

/** Reports a problem at the current opcode; never returns. */
export type Fail = (why: string) => never;

const FLOATS = { f2: ['float16', 2], f4: ['float32', 4], f8: ['float64', 8] } as const;
type FloatCode = keyof typeof FLOATS;

/** numpy's names for the type codes a pickle may carry, for messages. */
const OTHERS: Readonly<Record<string, string>> = {
  b1: 'bool', i1: 'int8', i2: 'int16', i4: 'int32', i8: 'int64', u1: 'uint8', u2: 'uint16', u4: 'uint32', u8: 'uint64',
  f16: 'float128', f12: 'float96', c8: 'complex64', c16: 'complex128', c32: 'complex256', O8: 'object', O4: 'object',
};

/** A tuple as the reader builds it: a frozen array (lists stay unfrozen). */
export function isTuple(v: unknown): v is readonly unknown[] {
  return Array.isArray(v) && Object.isFrozen(v);
}

/** `numpy.dtype(code, align, copy)`; the byte order arrives with its state (BUILD). */
export class PickledDType {
  order: '<' | '>' | null = null;
  constructor(readonly code: FloatCode) {}
}

/** The mutable array a reconstruct call starts and BUILD completes; what callers see is a {@link PickledArray}. */
export class ArrayBox implements PickledArray {
  readonly kind = 'ndarray';
  dtype: PickleDType = 'float32';
  shape: readonly number[] = [];
  data: Float32Array | Float64Array = new Float32Array(0);
  complete = false;
}

const show = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : describe(v));

/** A value in a few words, for messages. */
export function describe(v: unknown): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return `the int ${v}`;
  if (typeof v === 'string') return 'a str';
  if (v instanceof Uint8Array) return 'bytes';
  if (isTuple(v)) return `a tuple of ${v.length}`;
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Map) return 'a dict';
  if (v instanceof PickledDType) return 'a numpy.dtype';
  if (v instanceof ArrayBox) return 'a numpy array';
  return 'a function';
}

const flag = (v: unknown): boolean => v === true || v === false || v === 0 || v === 1;

/** `numpy.dtype(code, align, copy)`: float codes only. */
export function makeDType(args: readonly unknown[], fail: Fail): PickledDType {
  const [code, align, copy] = args;
  if (args.length !== 3 || typeof code !== 'string' || !flag(align) || !flag(copy)) fail(`numpy.dtype is called with (${args.map(show).join(', ')}), not (type code, align, copy)`);
  if (!(code in FLOATS)) {
    const known = OTHERS[code as string] ?? (/^[US]\d+$/.test(code as string) ? 'str' : /^V\d+$/.test(code as string) ? 'void (a record)' : undefined);
    fail(`an array of numpy dtype '${code as string}'${known ? ` (${known})` : ''}; only float16, float32 and float64 arrays are read`);
  }
  return new PickledDType(code as FloatCode);
}

/** The dtype's state tuple: (3, '<' or '>', None, None, None, -1, -1, 0) for a plain float dtype. */
export function setDTypeState(dt: PickledDType, state: unknown, fail: Fail): void {
  if (dt.order !== null) fail('the state of a numpy.dtype is set twice');
  const s = isTuple(state) ? state : [];
  const plain = s.length === 8 && s[0] === 3 && s[2] === null && s[3] === null && s[4] === null && s[5] === -1 && s[6] === -1 && s[7] === 0;
  if (!plain || (s[1] !== '<' && s[1] !== '>')) {
    fail(`the state of numpy.dtype('${dt.code}') is (${isTuple(state) ? state.map(show).join(', ') : describe(state)}), not a plain float dtype's (3, '<' or '>', None, None, None, -1, -1, 0)`);
  }
  dt.order = s[1] as '<' | '>';
}

const half = (h: number): number => {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1024 + frac) * 2 ** (exp - 25);
};

/** Fills `box` from a shape tuple, a dtype with its byte order, and the raw bytes; sizes are checked first. */
export function fillArray(box: ArrayBox, shapeValue: unknown, dt: unknown, bytes: unknown, fail: Fail): void {
  if (!(dt instanceof PickledDType)) fail(`an array's dtype is ${describe(dt)}, not a numpy.dtype`);
  if (dt.order === null) fail(`numpy.dtype('${dt.code}') has no byte order (its state was never set) when an array uses it`);
  if (!isTuple(shapeValue) || shapeValue.length > 32 || !shapeValue.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0)) {
    fail(`an array's shape is ${isTuple(shapeValue) ? `(${shapeValue.map(show).join(', ')})` : describe(shapeValue)}, not a tuple of at most 32 sizes ≥ 0`);
  }
  if (!(bytes instanceof Uint8Array)) fail(`an array's data is ${describe(bytes)}, not bytes`);
  const shape = shapeValue as readonly number[];
  const [dtype, size] = FLOATS[dt.code];
  let count = 1;
  for (const d of shape) count = Math.min(count * d, Number.MAX_SAFE_INTEGER); // clamped: any count past the data fails below
  if (count * size !== bytes.length) fail(`an array of shape (${shape.join(', ')}) and dtype ${dtype} needs ${count * size} bytes of data, the file gives ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = dt.order === '<';
  const out = size === 8 ? new Float64Array(count) : new Float32Array(count);
  if (size === 8) for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, le);
  else if (size === 4) for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, le);
  else for (let i = 0; i < count; i++) out[i] = half(view.getUint16(2 * i, le));
  box.dtype = dtype;
  box.shape = Object.freeze([...shape]);
  box.data = out;
  box.complete = true;
}

/** `_reconstruct(numpy.ndarray, (0,), b'b')`: an empty array that BUILD will fill. */
export function checkReconstructArgs(args: readonly unknown[], isNdarray: (v: unknown) => boolean, fail: Fail): void {
  const [cls, shape, code] = args;
  const ok = args.length === 3 && isNdarray(cls) && isTuple(shape) && shape.length === 1 && shape[0] === 0 && code instanceof Uint8Array && code.length === 1 && code[0] === 0x62;
  if (!ok) fail(`_reconstruct is called with (${args.map(show).join(', ')}), not (numpy.ndarray, (0,), b'b')`);
}

/** The array's state: (1, shape, dtype, is_fortran, data) with is_fortran false. */
export function buildArray(box: ArrayBox, state: unknown, fail: Fail): void {
  if (box.complete) fail('the state of a numpy array is set twice');
  const s = isTuple(state) ? state : [];
  if (s.length !== 5 || s[0] !== 1 || !flag(s[3])) fail(`a numpy array's state is ${isTuple(state) ? `(${state.map(show).join(', ')})` : describe(state)}, not (1, shape, dtype, is_fortran, data)`);
  if (s[3] === true || s[3] === 1) fail('a Fortran-order array; save it in C order (numpy.ascontiguousarray) and pickle it again');
  fillArray(box, s[1], s[2], s[4], fail);
}

/** `_frombuffer(data, dtype, shape, order)`, protocol 5's in-band form. */
export function arrayFromBuffer(args: readonly unknown[], fail: Fail): ArrayBox {
  if (args.length !== 4) fail(`_frombuffer is called with ${args.length} arguments, not (data, dtype, shape, order)`);
  if (args[3] !== 'C') fail(args[3] === 'F' ? 'a Fortran-order array; save it in C order (numpy.ascontiguousarray) and pickle it again' : `_frombuffer's order is ${show(args[3])}, not 'C'`);
  const box = new ArrayBox();
  fillArray(box, args[2], args[1], args[0], fail);
  return box;
}
