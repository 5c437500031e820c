/**
 * scratchnet for browsers: the whole core (see core.ts), with the fastest
 * kernels this browser supports installed at the first kernel call (and Web
 * Workers for large products on cross-origin-isolated pages).
 */
export * from './core.js';
export { setThreads, canUseThreads } from './backend/web-setup.js';
export * from './browser/index.js';

