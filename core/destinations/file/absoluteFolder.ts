import path from 'node:path';
import type { DestinationConfigInput } from '../config.js';

/**
 * A file destination's folder, made absolute once, when it is saved: a relative one would be
 * read against the working directory of whichever process runs the sync (the CLI from a shell,
 * the scheduler, the app), each writing somewhere else.
 */
export function withAbsoluteFolder(config: DestinationConfigInput): DestinationConfigInput {
  return config.type === 'file' ? { ...config, path: path.resolve(config.path) } : config;
}
