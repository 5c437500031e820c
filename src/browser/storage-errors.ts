import { ScratchnetError } from '../errors/index.js';

/** The browser gives no IndexedDB here (some private windows, sandboxed frames, storage turned off); files still work. */
export class StorageUnavailableError extends ScratchnetError {}

/** The browser's storage quota for this site is used up; nothing stored before was changed. */
export class StorageFullError extends ScratchnetError {}
