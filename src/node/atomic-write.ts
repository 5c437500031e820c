import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FileFormatError } from '../errors/index.js';

/** Writes `bytes` to a new temporary file beside `path`, synced to disk; returns its name (the caller renames or removes it). */
export function writeTemporary(path: string, bytes: Uint8Array): string {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Date.now().toString(36)}`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  return tmp;
}

/** Makes renames in `dir` durable; some file systems cannot sync a folder, and then the rename has still happened. */
export function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // nothing more to do
  }
}

/**
 * Writes `bytes` to `path` so that `path` is either the old file or the whole
 * new one, never a partial file: write a temporary file beside it, fsync,
 * rename over the target, then fsync the folder.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  let tmp: string | null = null;
  try {
    tmp = writeTemporary(path, bytes);
    renameSync(tmp, path);
  } catch (e) {
    if (tmp !== null) rmSync(tmp, { force: true });
    throw new FileFormatError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  syncFolder(dirname(path));
}
