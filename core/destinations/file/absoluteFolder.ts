import path from 'node:path';
import type { DestinationConfig } from '../registry.js';

/**
 * A file destination's folder, made absolute once, when it is saved: a relative one would be
 * read against the working directory of whichever process runs the sync (the CLI from a shell,
 * the scheduler, the app), each writing somewhere else.
 */
export function withAbsoluteFolder(config: DestinationConfig): DestinationConfig {
  return config.type === 'file' && typeof config.path === 'string'
    ? { ...config, path: path.resolve(config.path) }
    : config;
}
