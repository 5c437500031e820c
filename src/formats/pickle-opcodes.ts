/**
 * Python's pickle opcodes (Lib/pickletools.py), each with the protocol that introduced it.
 * The reader in `pickle.ts` runs the ones marked `read`: exactly those that `pickle.dump` of a
 * dict or list of numpy arrays writes in protocols 2–5. Every other opcode is named and refused
 * with the reason below.
 */

/** One opcode: its name, the protocol that introduced it, and whether the reader runs it. */
export interface Opcode {
  readonly name: string;
  readonly protocol: number;
  /** Why the reader refuses it; absent for the opcodes it runs. */
  readonly refused?: string;
}

const CODE = 'it builds objects by calling code';
const TEXT = 'a protocol-0/1 text opcode, which pickle.dump of numpy arrays in protocols 2–5 does not write';

const TABLE: readonly (readonly [number, string, number, string?])[] = [
  [0x28, 'MARK', 0], [0x2e, 'STOP', 0], [0x4e, 'NONE', 0], [0x63, 'GLOBAL', 0], [0x52, 'REDUCE', 0], [0x62, 'BUILD', 0],
  [0x61, 'APPEND', 0], [0x73, 'SETITEM', 0], [0x74, 'TUPLE', 0],
  [0x30, 'POP', 0, TEXT], [0x31, 'POP_MARK', 0, TEXT], [0x32, 'DUP', 0, TEXT], [0x49, 'INT', 0, TEXT], [0x4c, 'LONG', 0, TEXT],
  [0x53, 'STRING', 0, TEXT], [0x56, 'UNICODE', 0, TEXT], [0x46, 'FLOAT', 0, TEXT], [0x6c, 'LIST', 0, TEXT], [0x64, 'DICT', 0, TEXT],
  [0x70, 'PUT', 0, TEXT], [0x67, 'GET', 0, TEXT], [0x69, 'INST', 0, CODE], [0x50, 'PERSID', 0, 'it asks the loader for outside objects (a persistent ID)'],
  [0x5d, 'EMPTY_LIST', 1], [0x7d, 'EMPTY_DICT', 1], [0x29, 'EMPTY_TUPLE', 1], [0x65, 'APPENDS', 1], [0x75, 'SETITEMS', 1],
  [0x71, 'BINPUT', 1], [0x72, 'LONG_BINPUT', 1], [0x68, 'BINGET', 1], [0x6a, 'LONG_BINGET', 1],
  [0x4a, 'BININT', 1], [0x4b, 'BININT1', 1], [0x4d, 'BININT2', 1], [0x58, 'BINUNICODE', 1],
  [0x54, 'BINSTRING', 1, 'a Python 2 str; load the file with Python 3 and save it again'], [0x55, 'SHORT_BINSTRING', 1, 'a Python 2 str; load the file with Python 3 and save it again'],
  [0x47, 'BINFLOAT', 1, 'a Python float; the reader takes numpy arrays only'], [0x6f, 'OBJ', 1, CODE], [0x51, 'BINPERSID', 1, 'it asks the loader for outside objects (a persistent ID)'],
  [0x80, 'PROTO', 2], [0x85, 'TUPLE1', 2], [0x86, 'TUPLE2', 2], [0x87, 'TUPLE3', 2], [0x88, 'NEWTRUE', 2], [0x89, 'NEWFALSE', 2],
  [0x81, 'NEWOBJ', 2, CODE], [0x82, 'EXT1', 2, 'it names a class through the copyreg extension registry'], [0x83, 'EXT2', 2, 'it names a class through the copyreg extension registry'],
  [0x84, 'EXT4', 2, 'it names a class through the copyreg extension registry'], [0x8a, 'LONG1', 2, 'a Python int of 2³¹ or more; the reader takes numpy arrays only'],
  [0x8b, 'LONG4', 2, 'a Python int of 2³¹ or more; the reader takes numpy arrays only'],
  [0x42, 'BINBYTES', 3], [0x43, 'SHORT_BINBYTES', 3],
  [0x8c, 'SHORT_BINUNICODE', 4], [0x93, 'STACK_GLOBAL', 4], [0x94, 'MEMOIZE', 4], [0x95, 'FRAME', 4],
  [0x8d, 'BINUNICODE8', 4, 'a string of 4 GB or more'], [0x8e, 'BINBYTES8', 4, 'bytes of 4 GB or more'],
  [0x8f, 'EMPTY_SET', 4, 'a Python set; the reader takes dicts and lists of numpy arrays'], [0x90, 'ADDITEMS', 4, 'a Python set; the reader takes dicts and lists of numpy arrays'],
  [0x91, 'FROZENSET', 4, 'a Python frozenset; the reader takes dicts and lists of numpy arrays'], [0x92, 'NEWOBJ_EX', 4, CODE],
  [0x96, 'BYTEARRAY8', 5],
  [0x97, 'NEXT_BUFFER', 5, 'an out-of-band buffer: the array data is not in the file (it was saved with buffer_callback)'],
  [0x98, 'READONLY_BUFFER', 5, 'an out-of-band buffer: the array data is not in the file (it was saved with buffer_callback)'],
];

/** Every opcode by its byte. */
export const OPCODES: ReadonlyMap<number, Opcode> = new Map(
  TABLE.map(([byte, name, protocol, refused]) => [byte, refused === undefined ? { name, protocol } : { name, protocol, refused }]),
);
