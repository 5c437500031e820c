/**
 * Checkpoints on disk: `ckpt-<run id>-<iteration>.safetensors`, written atomically,
 * read back before they count as saved, and pruned only within their own run, so
 * that runs sharing a folder never delete or resume each other.
 */
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FileFormatError, ScratchnetError, ValueError } from '../errors/index.js';
import { writeFileAtomic } from './atomic-write.js';
import { decodeCheckpoint, describeRun, encodeCheckpoint, type Checkpoint, type RunConfig } from '../train/checkpoint.js';
import type { Trainer } from '../train/trainer.js';

/** A checkpoint file as its name describes it. */
export interface CheckpointFile {
  readonly path: string;
  readonly runId: string;
  readonly iteration: number;
}

// files written before runs had ids are `ckpt-<iteration>.safetensors` (run '')
const NAME = /^ckpt-(?:([0-9a-z]{1,32})-)?(\d{9})\.safetensors$/;

/** The file name of a run's checkpoint at an iteration. */
export function checkpointName(runId: string, iteration: number): string {
  const it = String(iteration).padStart(9, '0');
  return runId === '' ? `ckpt-${it}.safetensors` : `ckpt-${runId}-${it}.safetensors`;
}

/** Checkpoint files in `dir` (of one run when `runId` is given), newest iteration first. */
export function checkpointFiles(dir: string, runId?: string): CheckpointFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const files: CheckpointFile[] = [];
  for (const name of readdirSync(dir)) {
    const m = NAME.exec(name);
    if (m === null) continue;
    const file = { path: join(dir, name), runId: m[1] ?? '', iteration: Number(m[2]) };
    if (runId === undefined || file.runId === runId) files.push(file);
  }
  return files.sort((a, b) => b.iteration - a.iteration || (a.path < b.path ? 1 : -1));
}

/** Paths of the checkpoint files in `dir` (of one run when `runId` is given), newest first. */
export function listCheckpoints(dir: string, runId?: string): string[] {
  return checkpointFiles(dir, runId).map((f) => f.path);
}

/** The run ids with checkpoints in `dir`, each with its newest file. */
export function runsIn(dir: string): Map<string, CheckpointFile> {
  const runs = new Map<string, CheckpointFile>();
  for (const f of checkpointFiles(dir)) if (!runs.has(f.runId)) runs.set(f.runId, f);
  return runs;
}

/**
 * Writes a checkpoint of the trainer's current iteration, reads it back to make sure
 * it is whole, then removes the run's older checkpoints beyond the newest `keep`
 * (default 2). Other runs' files are never touched. Returns the path.
 */
export function saveCheckpoint(dir: string, trainer: Trainer, config: RunConfig, keep = 2): string {
  return writeCheckpointBytes(dir, config.runId, trainer.iteration, encodeCheckpoint(trainer, config), keep);
}

/** Writes checkpoint bytes as the run's file for `iteration`, atomically, reads them back, and prunes the run's older files beyond `keep`. */
export function writeCheckpointBytes(dir: string, runId: string, iteration: number, bytes: Uint8Array, keep = 2): string {
  if (!Number.isSafeInteger(keep) || keep < 1) throw new ValueError(`saveCheckpoint: keep must be a positive integer, got ${keep}`);
  const path = join(dir, checkpointName(runId, iteration));
  writeFileAtomic(path, bytes);
  const back = readFileSync(path);
  if (back.length !== bytes.length || !back.equals(bytes)) throw new FileFormatError(`${path}: the checkpoint read back differs from what was written (a failing disk?)`);
  const older = checkpointFiles(dir, runId).filter((f) => f.path !== path);
  for (const old of older.slice(keep - 1)) rmSync(old.path, { force: true });
  return path;
}

/** The newest readable checkpoint among `files`; a corrupt one is reported through `onSkip` and the previous one used. */
function newestReadable(where: string, files: readonly CheckpointFile[], onSkip: (path: string, reason: string) => void): Checkpoint {
  for (const { path } of files) {
    try {
      return decodeCheckpoint(readFileSync(path), path);
    } catch (e) {
      if (!(e instanceof ScratchnetError)) throw e;
      onSkip(path, e.message);
    }
  }
  throw new FileFormatError(`${where}: every checkpoint is unreadable (${files.length} tried)`);
}

/** A short description of the newest checkpoint of each run in `dir`, for messages. */
export function describeRuns(dir: string): string[] {
  return [...runsIn(dir).values()].map((f) => {
    try {
      return `${describeRun(decodeCheckpoint(readFileSync(f.path), f.path))}, newest ${f.path}`;
    } catch {
      return `run ${f.runId === '' ? '(no id)' : f.runId}, newest ${f.path} (unreadable)`;
    }
  });
}

/**
 * The checkpoint to resume from: a checkpoint file itself, or the newest readable one in a
 * folder that holds a single run (several runs: an error listing them, resume a file instead).
 * A folder with none is an error.
 */
export function loadLatestCheckpoint(pathOrDir: string, onSkip: (path: string, reason: string) => void = () => {}): Checkpoint {
  if (existsSync(pathOrDir) && statSync(pathOrDir).isFile()) {
    return decodeCheckpoint(readFileSync(pathOrDir), pathOrDir);
  }
  const runs = runsIn(pathOrDir);
  if (runs.size === 0) throw new FileFormatError(`${pathOrDir}: no checkpoint to resume from (expected files named ckpt-<run>-<iteration>.safetensors)`);
  if (runs.size > 1) {
    throw new ValueError(`${pathOrDir} holds checkpoints of ${runs.size} runs: ${describeRuns(pathOrDir).join('; ')}. Resume one by naming its checkpoint file`);
  }
  const [runId] = runs.keys();
  return newestReadable(pathOrDir, checkpointFiles(pathOrDir, runId), onSkip);
}
