import { readFileSync } from 'node:fs';
import { FileFormatError } from '../errors/index.js';

/** A file's bytes; a missing or unreadable file is a FileFormatError naming it and the system's reason. */
export function readFileBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new FileFormatError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
