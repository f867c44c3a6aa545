import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { EbbError } from '../errors.js';
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
  refuseEmptyStore(file);
  let db: Db;
  try {
    db = new Database(file);
  } catch (error) {
    throw unreadableStore(file, error);
  }
  try {
    ownerOnly(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, file);
    return db;
  } catch (error) {
    db.close();
    throw error instanceof EbbError ? error : unreadableStore(file, error);
  }
}

/**
 * The store holds every model's SQL, run errors and sample records: only its owner reads it,
 * whatever the umask (a home of mode 0755 left it 0644). SQLite gives its -wal and -shm files the
 * main file's mode; ones an older Ebb left are narrowed too. Windows keeps the profile's ACLs.
 */
function ownerOnly(file: string): void {
  if (process.platform === 'win32') return;
  for (const part of [file, `${file}-wal`, `${file}-shm`]) {
    const mode = fs.statSync(part, { throwIfNoEntry: false })?.mode;
    if (mode !== undefined && (mode & 0o077) !== 0) fs.chmodSync(part, mode & 0o700);
  }
}

const restoreHint = (file: string) =>
  `Restore ${file} from a backup (with its ${path.basename(file)}-wal file, if the backup has one) ` +
  `while no Ebb is running; or, to start over with no configuration, delete ${file}.`;

/**
 * A 0-byte store is one that was truncated (a full disk, a bad copy), not a fresh install:
 * SQLite would open it as a new empty store and every warehouse, model and sync would be gone.
 */
function refuseEmptyStore(file: string): void {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return; // No store yet: a fresh install.
  }
  if (size === 0) {
    throw new EbbError(
      'STORE_DAMAGED',
      `The config store ${file} is empty (0 bytes): its configuration is lost, so Ebb will not ` +
        `start over on it silently. ${restoreHint(file)}`,
    );
  }
}

/** SQLite's "not a database" with the way back; any other error as it is. */
function unreadableStore(file: string, error: unknown): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new EbbError(
      'STORE_DAMAGED',
      `The config store ${file} is damaged (${(error as Error).message}). ${restoreHint(file)}`,
    );
  }
  return error;
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
    // A migration that rebuilds a table runs with foreign keys off (SQLite's own recipe: the
    // setting cannot change inside a transaction), then checks them before it counts as done.
    if (migration.rebuildsTables) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        if (migration.rebuildsTables && (db.pragma('foreign_key_check') as unknown[]).length > 0) {
          throw new Error(
            `Migration ${migration.version} broke a foreign key; nothing was changed.`,
          );
        }
        insert.run(migration.version, migration.name, new Date().toISOString());
      })();
    } finally {
      if (migration.rebuildsTables) db.pragma('foreign_keys = ON');
    }
  }
}
