import path from 'node:path';
import type { CallInput, CallName, CallOutput } from '../api/contract.js';
import { createCore, type Core, type CoreOptions } from '../createCore.js';
import { runDuckDb } from './duckdbFile.js';
import { tempHome } from './tempHome.js';

export type Call = <N extends CallName>(name: N, arg: CallInput<N>) => Promise<CallOutput<N>>;

export interface SyncFixture {
  core: Core;
  home: string;
  warehouseFile: string;
  call: Call;
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
  const core = createCore({
    home,
    resourcesDir: path.resolve('resources'),
    host: 'cli',
    ...options,
  });
  const call: Call = async (name, arg) => {
    const answer = await core.dispatch(name, arg);
    if (!answer.ok)
      throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
    return answer.data as never;
  };
  await call('warehouses.add', { kind: 'duckdb', name: 'wh', path: warehouseFile });
  await call('models.add', {
    name: 'users',
    warehouse: 'wh',
    sql: 'select * from users',
    idColumn: 'user_id',
  });
  return {
    core,
    home,
    warehouseFile,
    call,
    close() {
      core.close();
      cleanup();
    },
  };
}
