/**
 * Models kept in the browser's IndexedDB under names the user chooses: save, list (size and date),
 * load and delete. An entry's bytes are the .safetensors a download would give, checked to load back
 * as a model before anything is written; a save that fails (the quota is full) changes nothing.
 */
import { FileFormatError, ValueError } from '../errors/index.js';
import { modelFileBytes, modelFromSafetensors } from '../formats/model-bytes.js';
import { describeModel } from '../models/kinds.js';
import type { Model } from '../models/model.js';
import { StorageFullError, StorageUnavailableError } from './storage-errors.js';

/** The database the page and {@link openModelStore} use unless told otherwise. */
export const MODEL_STORE_DATABASE = 'scratchnet-models';
const VERSION = 1;
const META = 'models'; // names, sizes and dates: listing never reads the bytes
const FILES = 'files';
const NAME_MAX = 200;

/** What {@link ModelStore.list} tells about a stored model. */
export interface StoredModelInfo {
  readonly name: string;
  /** Size of the stored .safetensors bytes. */
  readonly bytes: number;
  readonly savedAt: Date;
  /** The architecture in a few words, e.g. `two-layer 784-50-10 relu`. */
  readonly description: string;
}

/** Options of {@link openModelStore}. */
export interface ModelStoreOptions {
  /** The IndexedDB database (default {@link MODEL_STORE_DATABASE}). */
  readonly database?: string;
  /** The IndexedDB to use (default the global `indexedDB`). */
  readonly indexedDB?: IDBFactory;
}

const UNAVAILABLE_HINT = 'private windows of some browsers, sandboxed frames and pages opened from disk have none; download the model as a file instead';

function unavailable(what: string, e: unknown): StorageUnavailableError {
  const why = e instanceof Error || e instanceof DOMException ? `${e.name}: ${e.message}` : String(e);
  return new StorageUnavailableError(`${what}: IndexedDB is not available here (${why}); ${UNAVAILABLE_HINT}`);
}

/** The error for a failed transaction: the quota, or storage that stopped working. */
function failure(what: string, e: DOMException | null): Error {
  if (e?.name === 'QuotaExceededError') {
    return new StorageFullError(`${what}: the browser's storage for this site is full (${e.message}); delete stored models you no longer need, or download this one as a file; nothing stored before was changed`);
  }
  return unavailable(what, e ?? 'the transaction was aborted');
}

function request<T>(r: IDBRequest<T>, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(failure(what, r.error));
  });
}

/** Resolves when every write of `tx` is committed; rejects (nothing written) when it aborts. */
function committed(tx: IDBTransaction, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(failure(what, tx.error));
  });
}

function checkName(name: unknown): string {
  const key = typeof name === 'string' ? name.trim() : '';
  if (key === '' || key.length > NAME_MAX) throw new ValueError(`ModelStore: a model's name is 1 to ${NAME_MAX} characters, got ${typeof name === 'string' ? JSON.stringify(name) : typeof name}`);
  return key;
}

/** Opens (creating on first use) the store of models in this browser's IndexedDB. */
export async function openModelStore(options: ModelStoreOptions = {}): Promise<ModelStore> {
  const database = options.database ?? MODEL_STORE_DATABASE;
  const what = `opening the model store '${database}'`;
  let req: IDBOpenDBRequest;
  try {
    const factory = options.indexedDB ?? (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    if (factory === undefined || factory === null) throw new Error('no indexedDB in this context');
    req = factory.open(database, VERSION);
  } catch (e) {
    throw unavailable(what, e);
  }
  req.onupgradeneeded = () => {
    const db = req.result;
    for (const store of [META, FILES]) if (!db.objectStoreNames.contains(store)) db.createObjectStore(store, { keyPath: 'name' });
  };
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(unavailable(what, req.error));
    req.onblocked = () => reject(unavailable(what, 'another tab holds an older version of the store open; close it and try again'));
  });
  for (const store of [META, FILES]) {
    if (!db.objectStoreNames.contains(store)) {
      db.close();
      throw new StorageUnavailableError(`${what}: the database '${database}' belongs to another application (no '${store}' table); give openModelStore another database name`);
    }
  }
  db.onversionchange = () => db.close(); // let another tab upgrade
  return new ModelStore(db);
}

/**
 * Named models in IndexedDB. Get one with {@link openModelStore}; every method is one transaction.
 */
export class ModelStore {
  constructor(private readonly db: IDBDatabase) {}

  /** Stores a model (or .safetensors bytes written by scratchnet) under `name`, replacing any model of that name. */
  async save(name: string, model: Model | Uint8Array): Promise<StoredModelInfo> {
    const key = checkName(name);
    const raw = model instanceof Uint8Array ? model : modelFileBytes(model);
    // its own buffer: IndexedDB would store all of a larger buffer a view points into
    const data = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength ? raw : raw.slice();
    const description = describeModel(modelFromSafetensors(data, `model '${key}'`)); // never store what cannot be loaded back
    const meta = { name: key, bytes: data.byteLength, savedAt: Date.now(), description };
    const what = `storing model '${key}'`;
    const tx = this.db.transaction([META, FILES], 'readwrite');
    const done = committed(tx, what);
    try {
      tx.objectStore(FILES).put({ name: key, data });
      tx.objectStore(META).put(meta);
    } catch (e) {
      tx.abort();
      await done.catch(() => undefined);
      throw failure(what, e instanceof DOMException ? e : null);
    }
    await done;
    return { ...meta, savedAt: new Date(meta.savedAt) };
  }

  /** Every stored model, newest first. */
  async list(): Promise<StoredModelInfo[]> {
    const tx = this.db.transaction(META, 'readonly');
    const rows = await request(tx.objectStore(META).getAll(), 'listing the stored models');
    return (rows as Record<string, unknown>[])
      .filter((r) => typeof r.name === 'string')
      .map((r) => ({
        name: r.name as string,
        bytes: typeof r.bytes === 'number' ? r.bytes : NaN,
        savedAt: new Date(typeof r.savedAt === 'number' ? r.savedAt : NaN),
        description: typeof r.description === 'string' ? r.description : 'unknown model',
      }))
      .sort((a, b) => b.savedAt.getTime() - a.savedAt.getTime() || a.name.localeCompare(b.name));
  }

  /** The stored .safetensors bytes of `name`. */
  async loadBytes(name: string): Promise<Uint8Array> {
    const key = checkName(name);
    const tx = this.db.transaction(FILES, 'readonly');
    const row = (await request(tx.objectStore(FILES).get(key), `loading model '${key}'`)) as { data?: unknown } | undefined;
    if (row === undefined) {
      const names = (await this.list()).map((m) => m.name);
      throw new ValueError(`ModelStore: no stored model named '${key}'; stored: ${names.length === 0 ? 'none' : names.map((n) => `'${n}'`).join(', ')}`);
    }
    const { data } = row;
    if (data instanceof Uint8Array) return data;
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    throw new FileFormatError(`stored model '${key}': the entry holds no model bytes (got ${data === null ? 'null' : typeof data}); delete it and store the model again`);
  }

  /** Rebuilds the stored model `name`; a damaged entry is a FileFormatError naming it. */
  async load(name: string): Promise<Model> {
    const key = checkName(name);
    return modelFromSafetensors(await this.loadBytes(key), `stored model '${key}'`);
  }

  /** Deletes `name`; false when there was no such model. */
  async delete(name: string): Promise<boolean> {
    const key = checkName(name);
    const what = `deleting model '${key}'`;
    const tx = this.db.transaction([META, FILES], 'readwrite');
    const done = committed(tx, what);
    // requests of a transaction run in order: the count sees the entry before the deletes
    const count = tx.objectStore(META).count(key);
    tx.objectStore(META).delete(key);
    tx.objectStore(FILES).delete(key);
    await done;
    return count.result > 0;
  }

  /** Closes the connection; the store cannot be used after. */
  close(): void {
    this.db.close();
  }
}
