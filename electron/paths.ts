import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PRODUCT_NAME = 'Ebb';

/**
 * The home both the desktop app (main.ts) and the CLI use by default, so they see the same store:
 * the OS's app-data folder (Electron's appData) plus "Ebb". EBB_HOME overrides it.
 */
export function defaultHome(env: NodeJS.ProcessEnv = process.env): string {
  if (env.EBB_HOME) return path.resolve(env.EBB_HOME);
  switch (process.platform) {
    case 'darwin':
      return path.join(os.homedir(), 'Library', 'Application Support', PRODUCT_NAME);
    case 'win32':
      return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), PRODUCT_NAME);
  }
}

/** The project root in a checkout (this file is electron/paths.ts, or dist/electron/*.cjs when bundled). */
export function projectRoot(): string {
  const here =
    typeof __dirname === 'string' ? __dirname : path.dirname(fileURLToPath(import.meta.url));
  return here.includes(`${path.sep}dist${path.sep}`)
    ? path.resolve(here, '..', '..')
    : path.resolve(here, '..');
}

export const resourcesDirIn = (root: string): string => path.join(root, 'resources');
export const rendererDirIn = (root: string): string => path.join(root, 'dist', 'renderer');
