/**
 * The files a command writes: checked before any work starts, written together at
 * the end (all or none), and file-system errors as one readable line.
 */
import { closeSync, existsSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { syncFolder, writeTemporary } from '../node/atomic-write.js';
import { CliError } from './args.js';

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'over the disk quota',
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'is a folder',
  EEXIST: 'already exists',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'input/output error',
};

/** A Node file-system error as `path: reason (CODE)`, or null when `e` is not one. */
export function fileSystemMessage(e: unknown): string | null {
  const err = e as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof err.code !== 'string' || !/^E[A-Z]+$/.test(err.code)) return null;
  const reason = REASONS[err.code] ?? err.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
  return `${err.path ?? err.syscall ?? 'file'}: ${reason} (${err.code})`;
}

/** The nearest folder above `full` that exists; a file in the way is an error naming the flag and what was given. */
function existingAncestor(flag: string, given: string, full: string): string {
  let dir = dirname(full);
  for (;;) {
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw new CliError(`--${flag} ${given}: ${dir} is a file, not a folder`);
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) return dir;
    dir = up;
  }
}

/** Creates and removes a file in `dir`, to learn now whether the command can write there later. */
function probe(flag: string, path: string, dir: string): void {
  const name = join(dir, `.scratchnet-probe-${process.pid}-${Date.now().toString(36)}`);
  try {
    closeSync(openSync(name, 'wx'));
    rmSync(name);
  } catch (e) {
    const why = fileSystemMessage(e);
    throw new CliError(`--${flag} ${path}: cannot write into ${dir}${why === null ? '' : `: ${why.replace(/^.*?: /, '')}`}`);
  }
}

/** Fails before any work when the file `path` could not be written at the end. */
export function checkOutputFile(flag: string, path: string): void {
  const full = resolve(path);
  const dir = dirname(full);
  if (!existsSync(dir)) {
    const ancestor = existingAncestor(flag, path, dir);
    throw new CliError(`--${flag} ${path}: the folder ${dir} does not exist (${ancestor} does; create the folder first)`);
  }
  if (!statSync(dir).isDirectory()) throw new CliError(`--${flag} ${path}: ${dir} is a file, not a folder`);
  if (existsSync(full) && statSync(full).isDirectory()) throw new CliError(`--${flag} ${path}: is a folder, expected a file name`);
  probe(flag, path, dir);
}

/** Fails before any work when files could not be written into the folder `dir` later (it may not exist yet). */
export function checkOutputDir(flag: string, dir: string): void {
  const full = resolve(dir);
  if (existsSync(full)) {
    if (!statSync(full).isDirectory()) throw new CliError(`--${flag} ${dir}: is a file, expected a folder`);
    probe(flag, dir, full);
    return;
  }
  probe(flag, dir, existingAncestor(flag, dir, full));
}

/**
 * Writes every file or none: each goes to a temporary file beside its target and is synced,
 * then all are renamed into place. A failure removes the temporary files and any target
 * this call already renamed, and is reported as a CliError.
 */
export function writeOutputs(files: readonly { readonly path: string; readonly bytes: Uint8Array }[]): void {
  const staged: { tmp: string; path: string }[] = [];
  const placed: string[] = [];
  try {
    for (const { path, bytes } of files) staged.push({ tmp: writeTemporary(path, bytes), path });
    for (const { tmp, path } of staged) {
      renameSync(tmp, path);
      placed.push(path);
    }
    for (const dir of new Set(placed.map((p) => dirname(p)))) syncFolder(dir);
  } catch (e) {
    for (const { tmp } of staged) rmSync(tmp, { force: true });
    for (const path of placed) rmSync(path, { force: true });
    throw new CliError(`could not write ${files.map((f) => f.path).join(' and ')}: ${fileSystemMessage(e) ?? (e as Error).message}; nothing was written`);
  }
}
