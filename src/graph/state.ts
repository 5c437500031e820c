import { ScratchnetError } from '../errors/index.js';

/** The error for calling backward before forward. */
export function notYetForward(node: string): ScratchnetError {
  return new ScratchnetError(`${node}.backward: call forward first (backward uses what forward cached)`);
}
