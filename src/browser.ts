/**
 * scratchnet for browsers: the whole core (see core.ts), with the fastest
 * kernels this browser supports installed on import.
 */
import { useFastestBackend } from './backend/auto.js';

export * from './core.js';

useFastestBackend();
