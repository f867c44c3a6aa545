import Database from 'better-sqlite3';
import path from 'node:path';
import { migrations } from '../store/migrations/index.js';
import { STORE_FILE } from '../store/openStore.js';

/**
 * The store an Ebb older than migration `version` left in `home`: every migration below it
 * applied and recorded, no later one. Answers the raw database to seed; close it before
 * `openStore(home)` migrates it.
 */
export function storeBefore(home: string, version: number): Database.Database {
  const raw = new Database(path.join(home, STORE_FILE));
  raw.exec(
    'create table schema_migrations (version integer primary key, name text not null, applied_at text not null)',
  );
  for (const m of migrations.filter((m) => m.version < version)) {
    raw.exec(m.sql);
    raw.prepare('insert into schema_migrations values (?, ?, ?)').run(m.version, m.name, 'then');
  }
  return raw;
}
