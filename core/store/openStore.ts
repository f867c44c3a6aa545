import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { EbbError } from '../api/errors.js';
import { migrations } from './migrations/index.js';

export type Db = Database.Database;

export const STORE_FILE = 'ebb.sqlite';

/**
 * Opens (creating if needed) the config store in `home`, in WAL mode, migrated to the newest
 * version this Ebb knows. A store written by a newer Ebb is refused, never downgraded.
 */
export function openStore(home: string): Db {
  fs.mkdirSync(home, { recursive: true });
  const file = path.join(home, STORE_FILE);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Db, file: string): void {
  db.exec(
    'create table if not exists schema_migrations (version integer primary key, name text not null, applied_at text not null)',
  );
  const applied = db.prepare('select version from schema_migrations order by version').all() as {
    version: number;
  }[];
  const known = new Set(migrations.map((m) => m.version));
  const unknown = applied.filter((row) => !known.has(row.version));
  if (unknown.length > 0) {
    const newest = Math.max(...applied.map((row) => row.version));
    throw new EbbError(
      'STORE_TOO_NEW',
      `The config store ${file} was written by a newer version of Ebb (schema version ${newest}; ` +
        `this Ebb knows up to ${Math.max(...known)}). Update Ebb, or point --home at another folder. ` +
        'The store was left untouched.',
    );
  }
  const done = new Set(applied.map((row) => row.version));
  const insert = db.prepare(
    'insert into schema_migrations (version, name, applied_at) values (?, ?, ?)',
  );
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      insert.run(migration.version, migration.name, new Date().toISOString());
    })();
  }
}
