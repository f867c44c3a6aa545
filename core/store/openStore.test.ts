import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { tempHome } from '../testing/tempHome.js';
import { acquireHomeLock, LOCK_FILE } from './homeLock.js';
import { migrations } from './migrations/index.js';
import { openStore, STORE_FILE } from './openStore.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());
const home = () => {
  const temp = tempHome();
  cleanup = temp.cleanup;
  return temp.home;
};

test('a new store is in WAL mode with every migration applied once', () => {
  const dir = home();
  const db = openStore(dir);
  expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  const versions = db.prepare('select version from schema_migrations').all();
  expect(versions).toEqual(migrations.map((m) => ({ version: m.version })));
  db.close();
  const again = openStore(dir);
  expect(again.prepare('select count(*) as n from schema_migrations').get()).toEqual({
    n: migrations.length,
  });
  again.close();
});

test('a store written by a newer Ebb is refused and left untouched', () => {
  const dir = home();
  openStore(dir).close();
  const file = path.join(dir, STORE_FILE);
  const raw = new Database(file);
  raw.prepare("insert into schema_migrations values (999, 'from the future', '2030-01-01')").run();
  raw.close();
  const before = fs.readFileSync(file);
  expect(() => openStore(dir)).toThrow(/newer version of Ebb \(schema version 999/);
  expect(fs.readFileSync(file).equals(before)).toBe(true);
});

test('a second writer is told which process holds the home, a dead holder is taken over', async () => {
  const dir = home();
  const lock = acquireHomeLock(dir, 'ebb serve');
  // Another process trying to take the same lock.
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import('./core/store/homeLock.ts').then(m => { try { m.acquireHomeLock(${JSON.stringify(dir)}, 'cli'); console.log('TOOK'); } catch (e) { console.log(e.message); } })`,
    ],
    { cwd: path.resolve('.') },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.on('exit', resolve));
  expect(out).toContain(`ebb serve (pid ${process.pid}`);
  expect(out).not.toContain('TOOK');
  lock.release();
  expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);

  fs.writeFileSync(
    path.join(dir, LOCK_FILE),
    JSON.stringify({ pid: 2 ** 22 + 17, role: 'crashed', startedAt: 'x' }),
  );
  const taken = acquireHomeLock(dir, 'new owner');
  expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({
    pid: process.pid,
    role: 'new owner',
  });
  taken.release();
});

test('a 0-byte or garbage store is refused with how to restore it, and left as it is', () => {
  const dir = home();
  const file = path.join(dir, STORE_FILE);
  fs.writeFileSync(file, '');
  expect(() => openStore(dir)).toThrow(/is empty \(0 bytes\).*Restore .*ebb\.sqlite from a backup/);
  expect(fs.statSync(file).size).toBe(0);
  expect(fs.readdirSync(dir)).toEqual([STORE_FILE]);

  fs.writeFileSync(file, 'not sqlite at all, just some bytes that fill a header '.repeat(40));
  const before = fs.readFileSync(file);
  expect(() => openStore(dir)).toThrow(/is damaged .*from a backup/);
  expect(fs.readFileSync(file).equals(before)).toBe(true);
});

test.runIf(process.platform !== 'win32')(
  'the store and its WAL files are the owner’s only, whatever the umask, and an older store is narrowed',
  () => {
    const dir = home();
    const before = process.umask(0o022);
    try {
      const modeOf = (name: string) => fs.statSync(path.join(dir, name)).mode & 0o777;
      const db = openStore(dir);
      db.prepare('select 1').get();
      expect(modeOf(STORE_FILE)).toBe(0o600);
      expect(modeOf(`${STORE_FILE}-wal`)).toBe(0o600);
      db.close();
      // A store an older Ebb left readable by everyone.
      fs.chmodSync(path.join(dir, STORE_FILE), 0o644);
      openStore(dir).close();
      expect(modeOf(STORE_FILE)).toBe(0o600);
    } finally {
      process.umask(before);
    }
  },
);
