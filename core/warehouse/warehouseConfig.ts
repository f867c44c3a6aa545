import { createHash } from 'node:crypto';
import path from 'node:path';
import type { WarehouseConfig } from './types.js';

/** Where a warehouse is, as the API and the CLI give it (before Ebb adds what it derives). */
export type WarehouseLocation =
  | { kind: 'duckdb'; path: string }
  | { kind: 'postgres'; url: string }
  | { kind: 'mysql'; url: string }
  | { kind: 'files'; dir: string };

/**
 * A folder warehouse's state file: in Ebb's home (never in the folder, which may be read-only
 * or shared), named after the folder so re-adding the same folder finds its state again.
 */
export function filesStatePath(home: string, dir: string): string {
  const key = createHash('sha256').update(path.resolve(dir)).digest('hex').slice(0, 16);
  return path.join(
    home,
    'files-state',
    `${path.basename(path.resolve(dir)) || 'folder'}-${key}.duckdb`,
  );
}

/** The stored configuration of a warehouse at `location` (paths made absolute). */
export function warehouseConfig(location: WarehouseLocation, home: string): WarehouseConfig {
  switch (location.kind) {
    case 'duckdb':
      return { kind: 'duckdb', path: path.resolve(location.path) };
    case 'postgres':
      return { kind: 'postgres', url: location.url };
    case 'mysql':
      return { kind: 'mysql', url: location.url };
    case 'files': {
      const dir = path.resolve(location.dir);
      return { kind: 'files', dir, statePath: filesStatePath(home, dir) };
    }
  }
}
