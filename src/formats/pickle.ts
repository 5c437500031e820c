/**
 * A restricted reader of Python pickles, protocols 2–5, holding dicts or lists of numpy arrays: the
 * book's weight files (ch03 sample_weight.pkl, ch07 params.pkl, ch08 deep_convnet_params.pkl).
 * It is not an unpickler: it runs the few opcodes `pickle.dump` of such data writes, knows the
 * five numpy callables and `_codecs.encode` by name, builds the values itself, and refuses every
 * other opcode and class, naming it. Nothing in a file is ever run, and every length is checked
 * against the bytes at hand before anything is allocated.
 */
import { FileFormatError } from '../errors/index.js';
import { OPCODES } from './pickle-opcodes.js';
import { ArrayBox, PickledDType, arrayFromBuffer, buildArray, checkReconstructArgs, describe, isTuple, makeDType, setDTypeState, type Fail, type PickledArray } from './pickle-numpy.js';

export type { PickledArray, PickleDType } from './pickle-numpy.js';

/** What a pickle may hold here: None, bools, ints, strs, bytes, tuples and lists, dicts with str keys, numpy arrays. */
export type PickleValue = null | boolean | number | string | Uint8Array | readonly PickleValue[] | ReadonlyMap<string, PickleValue> | PickledArray;

/** The callables a pickle may name, by their module path (numpy 1.x and 2.x spell two of them differently). */
const ALLOWED: Readonly<Record<string, string>> = {
  'numpy.core.multiarray._reconstruct': 'reconstruct', 'numpy._core.multiarray._reconstruct': 'reconstruct',
  'numpy.core.numeric._frombuffer': 'frombuffer', 'numpy._core.numeric._frombuffer': 'frombuffer',
  'numpy.ndarray': 'ndarray', 'numpy.dtype': 'dtype', '_codecs.encode': 'encode',
};

/** A callable named by GLOBAL or STACK_GLOBAL: one of {@link ALLOWED}. */
class Callable {
  constructor(readonly path: string, readonly role: string) {}
}

/** How deep dicts, lists and tuples may nest in the result (a dict of arrays is 2). */
export const PICKLE_MAX_DEPTH = 16;

type Item = PickleValue | Callable | PickledDType | ArrayBox | PickleValue[] | Map<string, PickleValue>;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a pickle's bytes into plain values: dicts become Maps, tuples frozen arrays, lists arrays,
 * numpy arrays {@link PickledArray}s (float16 widened to float32), bytes views of `bytes`.
 * Anything outside that throws a FileFormatError naming the opcode or class and its byte offset.
 *
 * @example
 * ```ts
 * import { parsePickle } from 'scratchnet';
 * // pickle.dumps({'n': 1}, protocol=2)
 * const value = parsePickle(Uint8Array.from([0x80, 2, 0x7d, 0x71, 0, 0x58, 1, 0, 0, 0, 0x6e, 0x71, 1, 0x4b, 1, 0x73, 0x2e]));
 * (value as ReadonlyMap<string, unknown>).get('n'); // 1
 * ```
 */
export function parsePickle(bytes: Uint8Array, name = 'pickle data'): PickleValue {
  let at = 0; // where the current opcode starts, for messages
  let opName = 'the start';
  const fail: Fail = (why) => {
    throw new FileFormatError(`${name}: ${why} (${opName} at byte ${at})`);
  };
  if (!(bytes instanceof Uint8Array)) throw new FileFormatError(`${name}: expected bytes (a Uint8Array)`);
  if (bytes.length < 2 || bytes[0] !== 0x80) {
    throw new FileFormatError(`${name}: not a pickle of protocol 2 to 5: it does not start with PROTO (byte 0x80)${bytes.length > 0 && OPCODES.has(bytes[0]!) ? '; protocol 0 and 1 pickles are not read, save with pickle.dump(obj, f, protocol=4)' : ''}`);
  }
  const protocol = bytes[1]!;
  if (protocol < 2 || protocol > 5) throw new FileFormatError(`${name}: pickle protocol ${protocol} is not read (protocols 2 to 5 are)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 2;
  let frameEnd = -1;
  const read = (n: number): number => {
    if (pos < frameEnd && pos + n > frameEnd) fail(`needs ${n} bytes, past the end of its frame at byte ${frameEnd}`);
    if (pos + n > bytes.length) fail(`needs ${n} bytes, but the file ends at byte ${bytes.length} (truncated?)`);
    const start = pos;
    pos += n;
    return start;
  };
  const u8 = () => bytes[read(1)]!;
  const u32 = () => view.getUint32(read(4), true);
  const blob = (n: number) => bytes.subarray(read(n), pos);
  const text = (n: number): string => {
    const raw = blob(n); // outside the try: a truncated file is reported as such
    try {
      return utf8.decode(raw);
    } catch {
      return fail('a str that is not valid UTF-8');
    }
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('a name without its newline (truncated?)');
    const raw = blob(end - pos + 1);
    let s = '';
    for (let i = 0; i < raw.length - 1; i++) s += String.fromCharCode(raw[i]!);
    return s;
  };

  const stack: Item[] = [];
  const marks: number[] = [];
  const memo = new Map<number, Item>();
  const pop = (): Item => {
    if (stack.length <= (marks.at(-1) ?? 0)) fail('the stack is empty');
    return stack.pop()!;
  };
  const top = (): Item => {
    if (stack.length <= (marks.at(-1) ?? 0)) fail('the stack is empty');
    return stack[stack.length - 1]!;
  };
  const popMark = (): Item[] => {
    if (marks.length === 0) fail('no MARK to pop to');
    return stack.splice(marks.pop()!);
  };
  const dict = (): Map<string, PickleValue> => {
    const d = top();
    if (!(d instanceof Map)) fail(`sets items on ${describe(d)}, not a dict`);
    return d as Map<string, PickleValue>;
  };
  const setItems = (d: Map<string, PickleValue>, items: readonly Item[]) => {
    if (items.length % 2 !== 0) fail(`an odd number of items (${items.length}) for keys and values`);
    for (let i = 0; i < items.length; i += 2) {
      const key = items[i];
      if (typeof key !== 'string') fail(`a dict key is ${describe(key)}; only str keys are read`);
      d.set(key as string, items[i + 1] as PickleValue);
    }
  };
  const list = (): PickleValue[] => {
    const l = top();
    if (!Array.isArray(l) || isTuple(l)) fail(`appends to ${describe(l)}, not a list`);
    return l as PickleValue[];
  };
  const lookup = (module: string, qualname: string): Callable => {
    const path = `${module}.${qualname}`;
    const role = ALLOWED[path];
    if (role === undefined) {
      const shown = JSON.stringify(path.length > 80 ? `${path.slice(0, 80)}…` : path);
      fail(`refused: the file asks for ${shown}; the reader knows only the names numpy float arrays are pickled with (numpy.ndarray, numpy.dtype, numpy.core.multiarray._reconstruct, numpy.core.numeric._frombuffer, _codecs.encode), and nothing in the file is run`);
    }
    return new Callable(path, role!);
  };
  const call = (fn: Item, args: Item): Item => {
    if (!(fn instanceof Callable)) fail(`calls ${describe(fn)}, not one of the allowed functions`);
    if (!isTuple(args)) fail(`the arguments of ${(fn as Callable).path} are ${describe(args)}, not a tuple`);
    const a = args as readonly unknown[];
    switch ((fn as Callable).role) {
      case 'reconstruct':
        checkReconstructArgs(a, (v) => v instanceof Callable && v.role === 'ndarray', fail);
        return new ArrayBox();
      case 'dtype':
        return makeDType(a, fail);
      case 'frombuffer':
        return arrayFromBuffer(a, fail);
      case 'encode': {
        // protocol 2's bytes: _codecs.encode(str, 'latin1')
        const [s, encoding] = a;
        if (a.length !== 2 || typeof s !== 'string' || encoding !== 'latin1') fail(`_codecs.encode is called with ${a.length} arguments, not (str, 'latin1')`);
        const str = s as string;
        const out = new Uint8Array(str.length);
        for (let i = 0; i < str.length; i++) {
          const c = str.charCodeAt(i);
          if (c > 0xff) fail('_codecs.encode of a str that is not latin-1');
          out[i] = c;
        }
        return out;
      }
      default:
        return fail(`calls ${(fn as Callable).path} itself; it may only be named as _reconstruct's first argument`);
    }
  };

  for (;;) {
    at = pos;
    opName = 'the end of the file';
    const byte = u8();
    const op = OPCODES.get(byte);
    if (op === undefined) {
      opName = `byte 0x${byte.toString(16).padStart(2, '0')}`;
      fail('not a pickle opcode');
    }
    opName = op!.name;
    if (op!.refused !== undefined) fail(`opcode ${op!.name} is refused: ${op!.refused}`);
    if (op!.protocol > protocol) fail(`a protocol-${op!.protocol} opcode in a protocol-${protocol} pickle`);
    switch (op!.name) {
      case 'PROTO': fail('a second PROTO'); break;
      case 'FRAME': {
        if (at < frameEnd) fail(`a new frame before the previous one ends at byte ${frameEnd}`);
        const lo = u32();
        const n = u32() * 2 ** 32 + lo;
        if (pos + n > bytes.length) fail(`a frame of ${n} bytes, past the end of the ${bytes.length}-byte file (truncated?)`);
        frameEnd = pos + n;
        break;
      }
      case 'STOP': {
        if (marks.length > 0) fail('a MARK is still open');
        if (stack.length !== 1) fail(`${stack.length} items on the stack, not 1`);
        if (pos !== bytes.length) fail(`${bytes.length - pos} bytes after STOP`);
        return checkResult(stack[0]!, fail);
      }
      case 'MARK': marks.push(stack.length); break;
      case 'NONE': stack.push(null); break;
      case 'NEWTRUE': stack.push(true); break;
      case 'NEWFALSE': stack.push(false); break;
      case 'BININT': stack.push(view.getInt32(read(4), true)); break;
      case 'BININT1': stack.push(u8()); break;
      case 'BININT2': stack.push(view.getUint16(read(2), true)); break;
      case 'SHORT_BINUNICODE': stack.push(text(u8())); break;
      case 'BINUNICODE': stack.push(text(u32())); break;
      case 'SHORT_BINBYTES': stack.push(blob(u8())); break;
      case 'BINBYTES': stack.push(blob(u32())); break;
      case 'BYTEARRAY8': {
        const lo = u32();
        const n = u32() * 2 ** 32 + lo;
        if (n > bytes.length) fail(`${n} bytes, more than the ${bytes.length}-byte file holds (truncated?)`);
        stack.push(blob(n));
        break;
      }
      case 'EMPTY_DICT': stack.push(new Map()); break;
      case 'EMPTY_LIST': stack.push([]); break;
      case 'EMPTY_TUPLE': stack.push(Object.freeze([])); break;
      case 'TUPLE': stack.push(Object.freeze(popMark()) as PickleValue); break;
      case 'TUPLE1': case 'TUPLE2': case 'TUPLE3': {
        const n = Number(op!.name.at(-1));
        const items: Item[] = [];
        for (let i = 0; i < n; i++) items.unshift(pop());
        stack.push(Object.freeze(items) as PickleValue);
        break;
      }
      case 'SETITEM': {
        const v = pop();
        const k = pop();
        setItems(dict(), [k, v]);
        break;
      }
      case 'SETITEMS': {
        const items = popMark();
        setItems(dict(), items);
        break;
      }
      case 'APPEND': {
        const v = pop();
        list().push(v as PickleValue);
        break;
      }
      case 'APPENDS': {
        const items = popMark();
        const l = list();
        for (const item of items) l.push(item as PickleValue);
        break;
      }
      case 'GLOBAL': {
        const module = line();
        stack.push(lookup(module, line()));
        break;
      }
      case 'STACK_GLOBAL': {
        const qualname = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof qualname !== 'string') fail(`names a class with ${describe(module)} and ${describe(qualname)}, not two strs`);
        stack.push(lookup(module as string, qualname as string));
        break;
      }
      case 'REDUCE': {
        const args = pop();
        stack.push(call(pop(), args));
        break;
      }
      case 'BUILD': {
        const state = pop();
        const obj = top();
        if (obj instanceof PickledDType) setDTypeState(obj, state, fail);
        else if (obj instanceof ArrayBox) buildArray(obj, state, fail);
        else fail(`sets the state of ${describe(obj)}; only numpy arrays and dtypes take a state`);
        break;
      }
      case 'BINPUT': memo.set(u8(), top()); break;
      case 'LONG_BINPUT': memo.set(u32(), top()); break;
      case 'MEMOIZE': memo.set(memo.size, top()); break;
      case 'BINGET': case 'LONG_BINGET': {
        const i = op!.name === 'BINGET' ? u8() : u32();
        if (!memo.has(i)) fail(`memo entry ${i} was never stored`);
        stack.push(memo.get(i)!);
        break;
      }
      default: fail('an opcode the reader does not run');
    }
  }
}

/** The value STOP returns, checked: no helper objects left, every array complete, nesting bounded and without cycles. */
function checkResult(value: Item, fail: Fail): PickleValue {
  const done = new Set<object>();
  const open = new Set<object>();
  const visit = (v: Item, depth: number): void => {
    if (v instanceof Callable) fail(`the result holds the function ${v.path} itself, not what it builds`);
    if (v instanceof PickledDType) fail('the result holds a numpy.dtype outside an array');
    if (v instanceof ArrayBox) {
      if (!v.complete) fail("the result holds a numpy array whose state was never set (BUILD missing after _reconstruct)");
      return;
    }
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array || done.has(v)) return;
    if (open.has(v)) fail('a list or dict contains itself');
    if (depth >= PICKLE_MAX_DEPTH) fail(`dicts, lists and tuples nest deeper than ${PICKLE_MAX_DEPTH} levels`);
    open.add(v);
    for (const child of v instanceof Map ? v.values() : (v as readonly Item[])) visit(child, depth + 1);
    open.delete(v);
    done.add(v);
  };
  visit(value, 0);
  return value as PickleValue;
}
