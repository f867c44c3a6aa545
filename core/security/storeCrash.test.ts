import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { createCore } from '../createCore.js';
import { fileKeySecretStore } from '../secrets/fileKeySecretStore.js';
import { STORE_FILE } from '../store/openStore.js';
import { tempHome } from '../testing/tempHome.js';

/**
 * Issue 7.5: a process killed with SIGKILL in the middle of writing leaves a consistent store.
 * A child makes many writes through the API (each a group: warehouse, model, destination, sync,
 * updates and removals); it is killed mid-way, three times over, and the store is then checked
 * row by row.
 */
let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const here = path.dirname(new URL(import.meta.url).pathname);
const createCoreUrl = pathToFileURL(path.join(here, '..', 'createCore.ts')).href;

const CHILD = `
import { createCore } from ${JSON.stringify(createCoreUrl)};
const [home, round] = process.argv.slice(2);
const core = createCore({ home, resourcesDir: process.cwd() + '/resources', host: 'cli' });
const must = async (name, arg) => {
  const answer = await core.dispatch(name, arg);
  if (!answer.ok) throw new Error(name + ': ' + answer.error.message);
};
for (let i = 0; ; i++) {
  const k = round + '_' + i;
  await must('warehouses.add', { kind: 'postgres', name: 'w' + k, url: 'postgres://u:pw' + k + '@127.0.0.1:1/db' });
  await must('models.add', { name: 'm' + k, warehouse: 'w' + k, sql: 'select 1 as id -- ' + k, idColumn: 'id' });
  await must('destinations.add', { name: 'd' + k, config: { type: 'webhook', url: 'http://127.0.0.1:1/' + k, headers: { Authorization: 'Bearer t' + k } } });
  await must('syncs.add', { name: 's' + k, model: 'm' + k, destination: 'd' + k, schedule: '1h' });
  await must('models.update', { model: 'm' + k, sql: 'select 2 as id -- ' + k + ' ' + 'x'.repeat(2000) });
  await must('syncs.update', { sync: 's' + k, mode: 'mirror', maxRecords: 1000 + i });
  await must('plan.set', { plan: 'custom', limit: 1000 + i });
  if (i % 3 === 2) {
    await must('syncs.remove', { sync: 's' + k });
    await must('models.remove', { model: 'm' + k });
    await must('destinations.remove', { destination: 'd' + k });
    await must('warehouses.remove', { warehouse: 'w' + k });
  }
  process.stdout.write(i + '\\n');
}
`;

async function writeUntilKilled(home: string, script: string, round: number): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, home, String(round)], {
    cwd: path.resolve('.'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let written = 0;
  const killAt = 25 + round * 10;
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = chunk.toString().trim().split('\n');
      written = Number(lines[lines.length - 1]);
      if (written >= killAt) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.once('exit', (code) =>
      code === null ? resolve() : reject(new Error(`the writer stopped on its own: ${stderr}`)),
    );
  });
  await new Promise((resolve) =>
    child.exitCode !== null || child.signalCode ? resolve(null) : child.once('exit', resolve),
  );
  expect(child.signalCode).toBe('SIGKILL');
  return written;
}

test('SIGKILL mid-write, three times: integrity ok, every row whole, the store still opens', async () => {
  const temp = tempHome('ebb-crash-');
  cleanup = temp.cleanup;
  const script = path.join(temp.home, 'writer.mjs');
  const home = path.join(temp.home, 'home');
  fs.writeFileSync(script, CHILD);
  for (let round = 0; round < 3; round++) {
    expect(await writeUntilKilled(home, script, round)).toBeGreaterThan(0);
  }

  const db = new Database(path.join(home, STORE_FILE));
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const secrets = fileKeySecretStore(home);
    /** The rows of a join from `table` to what it references: none may be lost by the join. */
    const joinedWhole = <Row>(table: 'models' | 'syncs', sql: string): Row[] => {
      const rows = db.prepare(sql).all() as Row[];
      const { n } = db.prepare(`select count(*) as n from ${table}`).get() as { n: number };
      expect(rows.length).toBe(n);
      return rows;
    };
    const warehouses = db.prepare('select * from warehouses').all() as {
      name: string;
      config: string;
    }[];
    expect(warehouses.length).toBeGreaterThan(20);
    for (const row of warehouses) {
      const k = row.name.slice(1);
      expect(JSON.parse(secrets.open(row.config))).toEqual({
        kind: 'postgres',
        url: `postgres://u:pw${k}@127.0.0.1:1/db`,
      });
    }
    const destinations = db.prepare('select * from destinations').all() as {
      name: string;
      config: string;
    }[];
    for (const row of destinations) {
      const k = row.name.slice(1);
      expect(JSON.parse(secrets.open(row.config))).toMatchObject({
        type: 'webhook',
        url: `http://127.0.0.1:1/${k}`,
        headers: { Authorization: `Bearer t${k}` },
      });
    }
    const models = joinedWhole<{ name: string; sql: string; warehouse: string }>(
      'models',
      'select m.name, m.sql, w.name as warehouse from models m join warehouses w on w.id = m.warehouse_id',
    );
    for (const row of models) {
      const k = row.name.slice(1);
      expect(row.warehouse).toBe(`w${k}`);
      expect([`select 1 as id -- ${k}`, `select 2 as id -- ${k} ${'x'.repeat(2000)}`]).toContain(
        row.sql,
      );
    }
    const syncs = joinedWhole<{ name: string; model: string; destination: string }>(
      'syncs',
      'select s.name, m.name as model, d.name as destination from syncs s join models m on m.id = s.model_id join destinations d on d.id = s.destination_id',
    );
    for (const row of syncs) {
      const k = row.name.slice(1);
      expect(row).toEqual({ name: `s${k}`, model: `m${k}`, destination: `d${k}` });
    }
  } finally {
    db.close();
  }

  const core = createCore({ home, resourcesDir: path.resolve('resources'), host: 'cli' });
  try {
    for (const name of [
      'warehouses.list',
      'models.list',
      'destinations.list',
      'syncs.list',
      'plan.get',
    ])
      expect(await core.dispatch(name, {}), name).toMatchObject({ ok: true });
  } finally {
    core.close();
  }
  // Three child processes, each started and killed: generous for a loaded machine.
}, 300_000);
