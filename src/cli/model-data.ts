/**
 * Data for `eval` and `predict` on a model trained on the user's own data: read
 * as the model was trained (a table, an .npz archive, class folders of images)
 * and checked against the preprocessing saved in the model file.
 */
import { parseCsv } from '../data/csv.js';
import type { Table } from '../data/table.js';
import { ValueError } from '../errors/index.js';
import type { Predictor } from '../models/predictor.js';
import { loadImageFolder } from '../node/image-folder.js';
import { loadNpz } from '../node/npz-file.js';
import { readFileBytes } from '../node/read-file.js';
import type { Tensor } from '../tensor/tensor.js';
import { CliError } from './args.js';
import { dataKind } from './data-source.js';

/** What a model's data is read into: rows of a table, or samples as a Tensor, with the answers when the data has them. */
export interface ModelData {
  readonly input: Table | Tensor;
  /** Class indices in the model's class order, or numbers (arrays only; a table's answers are its target column). */
  readonly answers: Int32Array | Tensor | null;
  readonly n: number;
  /** e.g. '150 rows of flowers.csv' */
  readonly about: string;
}

const KIND_WORDS = { table: 'a table (a .csv file)', array: 'numpy arrays (an .npz file)', image: 'images (a folder of class folders, or image files)' } as const;

/** Which arrays of an .npz hold the samples and the answers. */
export interface ArrayNames {
  readonly x?: string;
  /** The answers' array; null: the data has none (predict). */
  readonly y?: string | null;
}

/**
 * Reads `--data PATH` for a model with a preprocessing; `answers` says whether the
 * data must hold the answers (eval) or may lack them (predict).
 */
export function readModelData(predictor: Predictor, path: string, names: ArrayNames, answers: boolean): ModelData {
  const prep = predictor.preprocessing!;
  const kind = dataKind(path);
  const wanted = prep.kind === 'table' ? 'table' : prep.kind === 'array' ? 'arrays' : 'images';
  if (kind !== wanted) throw new CliError(`--data ${path}: the model was trained on ${KIND_WORDS[prep.kind]}; give data of the same kind`);
  const target = prep.toJSON().target?.name ?? null;
  if (prep.kind === 'table') {
    const table = parseCsv(readFileBytes(path), { name: path });
    if (answers && target !== null && !table.columns.includes(target)) {
      throw new CliError(`${path}: no column ${JSON.stringify(target)}, the target the model was trained to predict; eval compares with it (predict answers rows without it); the columns are ${table.columns.map((c) => JSON.stringify(c)).join(', ')}`);
    }
    return { input: table, answers: null, n: table.rows.length, about: `${table.rows.length} rows of ${path}` };
  }
  if (prep.kind === 'array') {
    const y = names.y === null || !answers ? null : (names.y ?? target ?? 'y');
    const { x, y: labels } = loadNpz(path, { x: names.x ?? 'x', y });
    return { input: x, answers: labels, n: x.shape[0]!, about: `${x.shape[0]} samples of ${path}` };
  }
  const input = prep.toJSON().input;
  if (input.kind !== 'image') throw new CliError(`${path}: the model's preprocessing is not for images`);
  const d = loadImageFolder(path, { size: [input.height, input.width], channels: input.channels, classes: predictor.classes! });
  const labels = d.y;
  return { input: d.x, answers: labels, n: labels.length, about: `${labels.length} images of ${path}` };
}

/** Runs `f`; an error's hint for code (an option of the library) becomes the command line's. */
export function withCliHint<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ValueError) e.message = e.message.replace(/; drop the extra columns, or pass extraColumns: 'ignore'$/, '; drop the extra columns (an id column, say) from the file');
    throw e;
  }
}
