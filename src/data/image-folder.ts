/**
 * Images sorted into one folder per class, as training data, in any JavaScript
 * runtime: the caller lists the folders and hands over each file's bytes (Node's
 * loadImageFolder reads them from disk). PNG and JPEG are decoded with the
 * library's checked decoders, resized by area averaging, NCHW in [0, 1].
 */
import { FileFormatError, ValueError } from '../errors/index.js';
import { decodeImageGray, decodeImageRgb } from '../formats/image/index.js';
import { Tensor } from '../tensor/tensor.js';
import { Preprocessing } from './preprocessing/preprocessing.js';
import { resizeArea } from './resize.js';

/** The size and channels images are brought to. */
export interface ImageSizeOptions {
  /** Height × width of the model's input: [h, w], or one number for a square. */
  readonly size: number | readonly [number, number];
  /** 1 (grayscale, default) or 3 (RGB). */
  readonly channels?: 1 | 3;
  /** Largest width × height of a source image (default IMAGE_MAX_PIXELS), checked from its header before decoding. */
  readonly maxPixels?: number;
}

/** Options of {@link imageFolderFrom} and loadImageFolder: the size and channels, and the classes of a model trained before. */
export interface ImageFolderOptions extends ImageSizeOptions {
  /**
   * The classes of a model trained before (its preprocessing's), to read data for it: the images
   * are labelled by these names in this order, a folder of any other name is an error naming it, and
   * one class folder is enough. Default: the folder names, sorted, at least two.
   */
  readonly classes?: readonly string[];
}

/** A class folder: its name and its files' names. */
export interface ClassFolder {
  readonly name: string;
  readonly files: readonly string[];
}

/** Images as training data. */
export interface ImageFolderData {
  /** (N, C, H, W), values in [0, 1]. */
  readonly x: Tensor;
  /** Class indices into `classes`. */
  readonly y: Int32Array;
  /** The folder names, sorted: the class of index i is classes[i]. */
  readonly classes: readonly string[];
  /** Each sample's file, "class/name.png", in the order of the samples. */
  readonly files: readonly string[];
  /** Size, channels and classes, to store with a model and apply to new images. */
  readonly preprocessing: Preprocessing;
}

/** Most elements of the image tensor (2^28: 1 GiB of float32), checked before it is allocated. */
export const IMAGE_FOLDER_MAX_ELEMENTS = 2 ** 28;

/** Names an operating system leaves in folders, ignored like hidden files (names starting with "."). */
export const IGNORED_FILE_NAMES: readonly string[] = ['Thumbs.db', 'desktop.ini'];

/** Whether a folder entry is hidden or system clutter and is skipped. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || IGNORED_FILE_NAMES.includes(name);
}

/** [height, width] from the size option, checked. */
export function imageSize(options: ImageSizeOptions, where: string): [number, number] {
  const s = options.size;
  const hw = typeof s === 'number' ? [s, s] : Array.isArray(s) && s.length === 2 ? [s[0], s[1]] : [];
  if (hw.length !== 2 || !hw.every((v) => Number.isSafeInteger(v) && v >= 1 && v <= 16384)) throw new ValueError(`${where}: size must be a whole number or [height, width] from 1 to 16384, got ${JSON.stringify(s)}`);
  const channels = options.channels ?? 1;
  if (channels !== 1 && channels !== 3) throw new ValueError(`${where}: channels must be 1 (grayscale) or 3 (RGB), got ${JSON.stringify(channels)}`);
  return hw as [number, number];
}

/**
 * One image's bytes as a model input: decoded (PNG or JPEG), resized by area
 * averaging to `size`, gray or RGB, CHW in [0, 1].
 *
 * @example
 * ```ts
 * import { imageInput } from 'scratchnet';
 * const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAMAAAABCAAAAAA+i0toAAAADElEQVR4XmNgaPgPAAIDAYDdpGAmAAAAAElFTkSuQmCC'), (c) => c.charCodeAt(0));
 * console.log(imageInput(png, { size: [1, 1], channels: 3 }, 'ramp.png')); // Float32Array [0.50..., 0.50..., 0.50...]: the mean of 0, 128, 255
 * ```
 */
export function imageInput(bytes: Uint8Array, options: ImageSizeOptions, name = 'image'): Float32Array {
  const [h, w] = imageSize(options, name);
  const decode = { name, ...(options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels }) };
  if ((options.channels ?? 1) === 3) {
    const img = decodeImageRgb(bytes, decode);
    return resizeArea(img.rgb, img.width, img.height, 3, w, h, 1 / 255);
  }
  const img = decodeImageGray(bytes, decode);
  return resizeArea(img.gray, img.width, img.height, 1, w, h, 1 / 255);
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Class folders as training data: folder names (sorted) are the classes (or the
 * `classes` of a model trained before), each
 * file an image (hidden files and OS clutter skipped). Fewer than two classes, an
 * empty class, a duplicate or unusable name, and a file that is not a readable
 * PNG or JPEG are errors naming the folder or file. `read(folder, file)` gives a
 * file's bytes.
 *
 * @example
 * ```ts
 * import { imageFolderFrom } from 'scratchnet';
 * const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAMAAAABCAAAAAA+i0toAAAADElEQVR4XmNgaPgPAAIDAYDdpGAmAAAAAElFTkSuQmCC'), (c) => c.charCodeAt(0));
 * const folders = [{ name: 'light', files: ['a.png', 'b.png'] }, { name: 'dark', files: ['c.png'] }];
 * const d = imageFolderFrom(folders, () => png, { size: [4, 4], channels: 1 });
 * console.log(d.classes, d.y, d.x.shape); // ['dark', 'light'] Int32Array [0, 1, 1] [3, 1, 4, 4]
 * const more = imageFolderFrom([{ name: 'light', files: ['d.png'] }], () => png, { size: 4, classes: ['dark', 'light'] });
 * console.log(more.y); // Int32Array [1]: labelled as the model's classes, one folder is enough
 * ```
 */
export function imageFolderFrom(folders: readonly ClassFolder[], read: (folder: string, file: string) => Uint8Array, options: ImageFolderOptions & { readonly name?: string }): ImageFolderData {
  const name = options.name ?? 'image folder';
  const known = options.classes;
  if (known !== undefined && !(Array.isArray(known) && known.length >= 2 && known.every((c) => typeof c === 'string' && c.length > 0) && new Set(known).size === known.length)) {
    throw new ValueError(`${name}: classes must be two or more different names (a model's classes), got ${JSON.stringify(known)?.slice(0, 80)}`);
  }
  const [h, w] = imageSize(options, name);
  const channels = options.channels ?? 1;
  const kept = folders.filter((f) => !isIgnoredName(f.name)).map((f) => ({ name: f.name, files: f.files.filter((n) => !isIgnoredName(n)).sort(byName) })).sort((a, b) => byName(a.name, b.name));
  const checkName = (n: string, what: string) => {
    if (typeof n !== 'string' || n.length === 0 || /[/\\\0]/.test(n) || n === '..') throw new FileFormatError(`${name}: ${what} ${JSON.stringify(n)} is not a usable file name`);
  };
  kept.forEach((f, i) => {
    checkName(f.name, 'the class folder');
    if (i > 0 && kept[i - 1]!.name === f.name) throw new FileFormatError(`${name}: two class folders are named ${JSON.stringify(f.name)}`);
    if (f.files.length === 0) throw new ValueError(`${name}/${f.name}: an empty class folder; every class needs at least one image (remove the folder if the class is not wanted)`);
    f.files.forEach((file, j) => {
      checkName(file, `a file in ${f.name}/`);
      if (j > 0 && f.files[j - 1] === file) throw new FileFormatError(`${name}/${f.name}: two files are named ${JSON.stringify(file)}`);
    });
  });
  const unknown = known === undefined ? [] : kept.filter((f) => !known.includes(f.name)).map((f) => JSON.stringify(f.name));
  if (unknown.length > 0) throw new ValueError(`${name}: the class folder${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')} ${unknown.length === 1 ? 'is a class' : 'are classes'} never seen in training; the classes are ${known!.map((c) => JSON.stringify(c)).join(', ')}`);
  if (kept.length < (known === undefined ? 2 : 1)) {
    throw new ValueError(`${name}: ${kept.length === 0 ? 'no class folders: empty data' : `one class only (${JSON.stringify(kept[0]!.name)}); a classifier needs at least two`}; put each class's images in a folder named after the class`);
  }
  const n = kept.reduce((s, f) => s + f.files.length, 0);
  const per = channels * h * w;
  if (n * per > IMAGE_FOLDER_MAX_ELEMENTS) throw new ValueError(`${name}: ${n} images of ${channels} × ${h} × ${w} make ${n * per} values, above the limit of ${IMAGE_FOLDER_MAX_ELEMENTS} (1 GiB); use a smaller size or fewer images`);
  const x = Tensor.zeros([n, channels, h, w]);
  const y = new Int32Array(n);
  const files: string[] = [];
  kept.forEach((f, k) => {
    for (const file of f.files) {
      const path = `${name}/${f.name}/${file}`;
      x.data.set(imageInput(read(f.name, file), { ...options, channels }, path), files.length * per);
      y[files.length] = known === undefined ? k : known.indexOf(f.name);
      files.push(`${f.name}/${file}`);
    }
  });
  const classes = known === undefined ? kept.map((f) => f.name) : [...known];
  return { x, y, classes, files, preprocessing: Preprocessing.forImages({ height: h, width: w, channels, classes }) };
}
