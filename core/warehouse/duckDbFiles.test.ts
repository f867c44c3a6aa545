import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { runDuckDb } from '../testing/duckdbFile.js';
import { tempHome } from '../testing/tempHome.js';
import { DuckDbAdapter } from './duckdbAdapter.js';
import { duckDbFiles } from './duckDbFiles.js';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

async function warehouseFile(): Promise<string> {
  const temp = tempHome('ebb-duckfiles-');
  cleanup = temp.cleanup;
  const file = path.join(temp.home, 'w.duckdb');
  await runDuckDb(file, 'create table t as select range as id from range(3)');
  return file;
}

/** Whether another process can open the file for writing (DuckDB locks it while open). */
function otherProcessCanWrite(file: string): boolean {
  const script = `const { DuckDBInstance } = require('@duckdb/node-api');
    DuckDBInstance.create(process.argv[1]).then((i) => { i.closeSync(); process.exit(0); }, () => process.exit(3));`;
  try {
    execFileSync(process.execPath, ['-e', script, file], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

test('adapters on one file (by any path to it) share one instance: each sees the others’ writes at once', async () => {
  const file = await warehouseFile();
  const link = path.join(path.dirname(file), 'link.duckdb');
  fs.symlinkSync(file, link);
  const files = duckDbFiles();
  const a = new DuckDbAdapter(file, { files });
  const b = new DuckDbAdapter(link, { files });
  const c = new DuckDbAdapter(path.join(path.dirname(file), '.', 'w.duckdb'), { files });
  try {
    for (const adapter of [a, b, c]) await adapter.test();
    await a.execute('insert into t values (10)');
    await b.execute('insert into t values (11)');
    for (const adapter of [a, b, c]) {
      expect(await adapter.query('select count(*) as n from t')).toEqual([{ n: '5' }]);
    }
    // Temp tables stay with their connection: the diff's ebb_* tables never meet.
    await a.execute('create temp table ebb_changes as select 1 as x');
    await b.execute('create temp table ebb_changes as select 2 as x');
    expect(await a.query('select x from ebb_changes')).toEqual([{ x: 1 }]);
    expect(await b.query('select x from ebb_changes')).toEqual([{ x: 2 }]);
  } finally {
    await Promise.all([a.close(), b.close(), c.close()]);
  }
});

test('the file is locked while any adapter holds it and unlocked for other processes once the last closes', async () => {
  const file = await warehouseFile();
  const files = duckDbFiles();
  const a = new DuckDbAdapter(file, { files });
  const b = new DuckDbAdapter(file, { files });
  await a.test();
  await b.test();
  await a.close();
  expect(otherProcessCanWrite(file)).toBe(false);
  await b.close();
  expect(otherProcessCanWrite(file)).toBe(true);
  // And it opens again afterwards.
  const again = new DuckDbAdapter(file, { files });
  expect(await again.query('select count(*) as n from t')).toEqual([{ n: '3' }]);
  await again.close();
});

/** Two adapters on one file (limits 100 / 300 / 600 MB) and the instance's limit as read by `a`. */
async function twoUsers() {
  const file = await warehouseFile();
  const options = {
    files: duckDbFiles(),
    memoryLimit: '300MB',
    bulkMemoryLimit: '600MB',
    streamMemoryLimit: '100MB',
    readMemoryLimit: '50MB',
  };
  const a = new DuckDbAdapter(file, options);
  const b = new DuckDbAdapter(file, options);
  const limit = async () =>
    String((await a.query(`select current_setting('memory_limit') as m`))[0]?.m);
  return { a, b, limit };
}

const READ = /^47\.6 MiB$|^50\.0 MB$/;
const STREAM = /^95\.3 MiB$|^100\.0 MB$/;
const NORMAL = /^286\.1 MiB$|^300\.0 MB$/;
const BULK = /^572\.2 MiB$|^600\.0 MB$/;

test('the memory limit stays at bulk while any user of the file still needs it', async () => {
  const { a, b, limit } = await twoUsers();
  try {
    expect(await limit()).toMatch(NORMAL);
    await a.setWorkMemory('bulk');
    await b.setWorkMemory('bulk');
    await a.setWorkMemory('normal');
    expect(await limit()).toMatch(BULK);
    await b.setWorkMemory('normal');
    expect(await limit()).toMatch(NORMAL);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('the memory limit drops to stream only while every user of the file streams', async () => {
  const { a, b, limit } = await twoUsers();
  try {
    await b.query('select 1');
    await a.setWorkMemory('stream');
    expect(await limit()).toMatch(NORMAL);
    await b.setWorkMemory('stream');
    expect(await limit()).toMatch(STREAM);
    await b.setWorkMemory('bulk');
    expect(await limit()).toMatch(BULK);
    await b.close();
    await a.setWorkMemory('stream');
    expect(await limit()).toMatch(STREAM);
    await a.setWorkMemory('normal');
    expect(await limit()).toMatch(NORMAL);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('the memory limit drops to read only while every user of the file reads', async () => {
  const { a, b, limit } = await twoUsers();
  try {
    await b.query('select 1');
    await a.setWorkMemory('read');
    await b.setWorkMemory('stream');
    expect(await limit()).toMatch(STREAM);
    await b.setWorkMemory('read');
    expect(await limit()).toMatch(READ);
    await a.setWorkMemory('normal');
    expect(await limit()).toMatch(NORMAL);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

/** The instance's threads as `adapter` reads them. */
const threadsOf = async (adapter: DuckDbAdapter) =>
  Number((await adapter.query(`select current_setting('threads') as t`))[0]?.t);

test('overlapping thread holds on one adapter restore the setting, ended in either order', async () => {
  const file = await warehouseFile();
  const adapter = new DuckDbAdapter(file, { threads: 3 });
  try {
    expect(await threadsOf(adapter)).toBe(3);
    for (const lastOut of ['first', 'second'] as const) {
      const first = await adapter.limitThreads(1);
      expect(await threadsOf(adapter)).toBe(1);
      const second = await adapter.limitThreads(1);
      if (lastOut === 'second') await first();
      else await second();
      expect(await threadsOf(adapter)).toBe(1);
      if (lastOut === 'second') await second();
      else await first();
      expect(await threadsOf(adapter)).toBe(3);
      // A release called twice ends its hold once.
      await first();
      expect(await threadsOf(adapter)).toBe(3);
    }
    // Asked for at once, as two syncs' reads would.
    const both = await Promise.all([adapter.limitThreads(1), adapter.limitThreads(2)]);
    expect(await threadsOf(adapter)).toBe(1);
    await Promise.all(both.map((release) => release()));
    expect(await threadsOf(adapter)).toBe(3);
  } finally {
    await adapter.close();
  }
});

test('thread holds are counted across the adapters of one file: the fewest holds, the last restores', async () => {
  const file = await warehouseFile();
  const files = duckDbFiles();
  const a = new DuckDbAdapter(file, { files, threads: 4 });
  const b = new DuckDbAdapter(file, { files });
  try {
    const fromA = await a.limitThreads(2);
    const fromB = await b.limitThreads(1);
    expect(await threadsOf(a)).toBe(1);
    await fromB();
    expect(await threadsOf(b)).toBe(2);
    const again = await b.limitThreads(1);
    await fromA();
    expect(await threadsOf(a)).toBe(1);
    await again();
    expect(await threadsOf(b)).toBe(4);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('concurrent transactions on one file take turns instead of failing on a write-write conflict', async () => {
  const file = await warehouseFile();
  const files = duckDbFiles();
  const adapters = [1, 2, 3, 4].map(() => new DuckDbAdapter(file, { files }));
  try {
    await Promise.all(
      adapters.map((adapter, i) =>
        adapter.transaction(async () => {
          await adapter.execute('create schema if not exists s');
          await adapter.execute('create table if not exists s.meta (k int, v int)');
          await adapter.execute(`insert into s.meta values (${i}, ${i})`);
          await adapter.execute(`update t set id = id + 1 where id = 0`);
        }),
      ),
    );
    expect(await adapters[0]!.query('select count(*) as n from s.meta')).toEqual([{ n: '4' }]);
  } finally {
    await Promise.all(adapters.map((adapter) => adapter.close()));
  }
});
