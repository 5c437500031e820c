import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { FileFormatError } from '../errors/index.js';
import { maxPixelsOption } from '../formats/image/gray-image.js';
import { imageFolderFrom, isIgnoredName, type ClassFolder, type ImageFolderData, type ImageFolderOptions } from '../data/image-folder.js';
import { readFileBytes } from './read-file.js';

/** Bytes per pixel a PNG or JPEG needs at most (16-bit RGBA stored), plus room for metadata: the largest file worth reading. */
const FILE_BYTES_PER_PIXEL = 10;
const METADATA_BYTES = 16 * 2 ** 20;

function list(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new FileFormatError(`${dir}: cannot read the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

const isDir = (dir: string, e: Dirent) => e.isDirectory() || (e.isSymbolicLink() && statSync(join(dir, e.name), { throwIfNoEntry: false })?.isDirectory() === true);

/**
 * Reads a folder of class folders (`dir/cat/1.png`, `dir/dog/2.jpg`, ...) as
 * training data: folder names, sorted, are the classes; PNG and JPEG images are
 * resized by area averaging to `size`, gray or RGB, NCHW in [0, 1]. Hidden files
 * are skipped; a file beside the class folders, a folder inside one, an empty
 * class folder and a file that is not a readable image are errors naming it.
 *
 * @example
 * ```ts
 * import { mkdirSync, writeFileSync } from 'node:fs';
 * import { loadImageFolder } from 'scratchnet';
 * const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAMAAAABCAAAAAA+i0toAAAADElEQVR4XmNgaPgPAAIDAYDdpGAmAAAAAElFTkSuQmCC'), (c) => c.charCodeAt(0));
 * for (const c of ['cats', 'dogs']) {
 *   mkdirSync(`pets/${c}`, { recursive: true });
 *   writeFileSync(`pets/${c}/1.png`, png);
 * }
 * const d = loadImageFolder('pets', { size: [8, 8], channels: 3 });
 * console.log(d.classes, d.x.shape); // ['cats', 'dogs'] [2, 3, 8, 8]
 * ```
 */
export function loadImageFolder(dir: string, options: ImageFolderOptions): ImageFolderData {
  const maxPixels = maxPixelsOption(options);
  const folders: ClassFolder[] = [];
  for (const e of list(dir)) {
    if (isIgnoredName(e.name)) continue;
    if (!isDir(dir, e)) throw new FileFormatError(`${join(dir, e.name)}: a file beside the class folders; put every image in the folder of its class (${dir}/CLASS/${e.name}), or move the file elsewhere`);
    const classDir = join(dir, e.name);
    const files = list(classDir).filter((f) => !isIgnoredName(f.name)).map((f) => {
      if (isDir(classDir, f)) throw new FileFormatError(`${join(classDir, f.name)}: a folder inside a class folder; each class folder holds image files only`);
      return f.name;
    });
    folders.push({ name: e.name, files });
  }
  const read = (folder: string, file: string) => {
    const path = join(dir, folder, file);
    const size = statSync(path).size;
    const limit = maxPixels * FILE_BYTES_PER_PIXEL + METADATA_BYTES;
    if (size > limit) throw new FileFormatError(`${path}: the file holds ${size} bytes, more than any ${maxPixels}-pixel PNG or JPEG needs (${limit}); raise maxPixels if the image is genuine`);
    return readFileBytes(path);
  };
  return imageFolderFrom(folders, read, { ...options, name: dir });
}
