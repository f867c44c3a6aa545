import fs from 'node:fs';
import path from 'node:path';
import { callThrough, type Call } from '../api/callThrough.js';
import { createCore, type Core, type CoreOptions } from '../createCore.js';
import { runDuckDb } from './duckdbFile.js';
import { tempHome } from './tempHome.js';

export type { Call };

/** The model `users` over the warehouse `wh`'s table users, keyed by user_id. */
export const USERS_MODEL = {
  name: 'users',
  warehouse: 'wh',
  sql: 'select * from users',
  idColumn: 'user_id',
} as const;

/**
 * A core on `home` as the CLI opens it, with calls through the dispatcher: a later process opening
 * a home a test made (the caller closes it).
 */
export function openCore(
  home: string,
  options: Partial<CoreOptions> = {},
): { core: Core; call: Call } {
  const core = createCore({
    home,
    resourcesDir: path.resolve('resources'),
    host: 'cli',
    ...options,
  });
  return { core, call: callThrough(core.dispatch) };
}

export interface SyncFixture {
  core: Core;
  home: string;
  warehouseFile: string;
  call: Call;
  /**
   * Makes the folder `out` in the home and a file destination `name` writing there (in `format`,
   * else the destination's default); answers the folder.
   */
  fileDestination(name?: string, format?: 'jsonl' | 'csv'): Promise<string>;
  close(): void;
}

/**
 * A core on a fresh home with a DuckDB warehouse holding `users(user_id, name, score)` of `rows`
 * rows, and a model `users` over it. Calls go through the dispatcher, as every host's do.
 */
export async function syncFixture(
  rows: number,
  options: Partial<CoreOptions> = {},
): Promise<SyncFixture> {
  const { home, cleanup } = tempHome('ebb-sync-');
  const warehouseFile = path.join(home, 'warehouse.duckdb');
  await runDuckDb(
    warehouseFile,
    `create table users as select range as user_id, 'user ' || range as name, range * 1.5 as score from range(${rows})`,
  );
  const { core, call } = openCore(home, options);
  await call('warehouses.add', { kind: 'duckdb', name: 'wh', path: warehouseFile });
  await call('models.add', USERS_MODEL);
  return {
    core,
    home,
    warehouseFile,
    call,
    async fileDestination(name = 'files', format) {
      const out = path.join(home, 'out');
      fs.mkdirSync(out);
      await call('destinations.add', {
        name,
        config: { type: 'file', path: out, ...(format ? { format } : {}) },
      });
      return out;
    },
    close() {
      core.close();
      cleanup();
    },
  };
}
