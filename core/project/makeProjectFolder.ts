import fs from 'node:fs';
import { EbbError } from '../errors.js';

const DENIED = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * Makes the folder a project is exported to. What the analyst names can be a file, under a
 * file, not writable, or not a path at all (a NUL byte): each is their mistake to fix, answered
 * as such, never as an unexpected error.
 */
export function makeProjectFolder(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'a file is in the way (a project folder must be a folder)'
        : code === 'ERR_INVALID_ARG_VALUE'
          ? 'it is not a valid path'
          : (error as Error).message;
    throw new EbbError(
      DENIED.has(code) ? 'PERMISSION_DENIED' : 'INVALID_ARGUMENT',
      `Ebb cannot make the project folder ${JSON.stringify(dir)}: ${why}. Choose another folder.`,
    );
  }
}
