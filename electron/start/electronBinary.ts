import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** Where the electron package keeps its binary, if it has been downloaded. */
export function installedElectronBinary(root: string): string | undefined {
  const dir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) return undefined;
  const binary = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : undefined;
}

/**
 * The Electron binary, downloading it with the package's own install script when it is missing.
 * Answers the reason instead when it cannot be had (no network to its download host, say).
 */
export function obtainElectronBinary(root: string): { binary: string } | { reason: string } {
  const present = installedElectronBinary(root);
  if (present) return { binary: present };
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!fs.existsSync(installer)) return { reason: 'the electron package is not installed' };
  const result = spawnSync(process.execPath, [installer], { encoding: 'utf8', timeout: 180_000 });
  const binary = installedElectronBinary(root);
  if (binary) return { binary };
  const detail =
    `${result.stderr ?? ''}`.split('\n').find((line) => line.trim()) ??
    `exit code ${result.status}`;
  return { reason: `its binary could not be downloaded (${detail.trim()})` };
}
