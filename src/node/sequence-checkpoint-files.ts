/** Sequence runs' checkpoints on disk: the same names, atomic writes and pruning as a classifier run's (checkpoint-files.ts). */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { FileFormatError, ScratchnetError, ValueError } from '../errors/index.js';
import { decodeSafetensors } from '../formats/safetensors.js';
import type { LanguageModelTrainer } from '../train/language-model-trainer.js';
import type { Seq2seqTrainer } from '../train/seq2seq-trainer.js';
import { decodeSequenceCheckpoint, encodeSequenceCheckpoint, isSequenceCheckpointMetadata, type SequenceCheckpoint, type SequenceRunConfig } from '../train/sequence-checkpoint.js';
import { checkpointFiles, runsIn, writeCheckpointBytes } from './checkpoint-files.js';

/** Writes a checkpoint of a sequence trainer's current iteration (see saveCheckpoint); returns the path. */
export function saveSequenceCheckpoint(dir: string, trainer: LanguageModelTrainer | Seq2seqTrainer, config: SequenceRunConfig, keep = 2): string {
  return writeCheckpointBytes(dir, config.runId, trainer.iteration, encodeSequenceCheckpoint(trainer, config), keep);
}

/** Whether `--resume PATH` names a sequence run: the file itself, or the newest checkpoint of the one run in a folder. */
export function isSequenceCheckpointAt(pathOrDir: string): boolean {
  let file = pathOrDir;
  if (!existsSync(pathOrDir)) return false;
  if (statSync(pathOrDir).isDirectory()) {
    const runs = runsIn(pathOrDir);
    if (runs.size !== 1) return false;
    file = [...runs.values()][0]!.path;
  }
  try {
    return isSequenceCheckpointMetadata(decodeSafetensors(readFileSync(file), file).metadata);
  } catch {
    return false;
  }
}

/** The sequence checkpoint to resume from: a file, or the newest readable one of the single run in a folder (a corrupt one reported through onSkip). */
export function loadLatestSequenceCheckpoint(pathOrDir: string, onSkip: (path: string, reason: string) => void = () => {}): SequenceCheckpoint {
  if (existsSync(pathOrDir) && statSync(pathOrDir).isFile()) return decodeSequenceCheckpoint(readFileSync(pathOrDir), pathOrDir);
  const runs = runsIn(pathOrDir);
  if (runs.size === 0) throw new FileFormatError(`${pathOrDir}: no checkpoint to resume from (expected files named ckpt-<run>-<iteration>.safetensors)`);
  if (runs.size > 1) throw new ValueError(`${pathOrDir} holds checkpoints of ${runs.size} runs (${[...runs.keys()].join(', ')}); resume one by naming its checkpoint file`);
  const files = checkpointFiles(pathOrDir, [...runs.keys()][0]);
  for (const { path } of files) {
    try {
      return decodeSequenceCheckpoint(readFileSync(path), path);
    } catch (e) {
      if (!(e instanceof ScratchnetError)) throw e;
      onSkip(path, e.message);
    }
  }
  throw new FileFormatError(`${pathOrDir}: every checkpoint is unreadable (${files.length} tried)`);
}
