import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCore } from '../../core/createCore.js';
import { tempHome } from '../../core/testing/tempHome.js';
import { runCaptured } from './testing/cliHarness.js';

let dir: string;
let cleanup: () => void;

const ebb = (...args: string[]) => runCaptured(['--home', dir, ...args]);

beforeAll(async () => {
  ({ home: dir, cleanup } = tempHome('ebb-schedule-'));
  for (const command of [
    ['warehouse', 'add', 'w', '--duckdb', path.join(dir, 'w.duckdb')],
    ['model', 'add', 'm', '--warehouse', 'w', '--sql', 'select 1 as id', '--id', 'id'],
    ['destination', 'add', 'out', '--type', 'file', '--path', dir],
    ['sync', 'add', 'good', '--model', 'm', '--destination', 'out', '--schedule', '1h'],
    ['sync', 'add', 'bad', '--model', 'm', '--destination', 'out', '--schedule', '1d'],
    // Its next run is then counted from this run, not from its creation.
    ['sync', 'run', 'bad'],
  ]) {
    const done = await ebb(...command);
    expect(done.code, done.stdout + done.stderr).toBe(0);
  }
});
afterAll(() => cleanup());

test('a schedule past a year is refused at add and update, with the bound in the message', async () => {
  const added = await ebb(
    'sync',
    'add',
    'rare',
    '--model',
    'm',
    '--destination',
    'out',
    '--schedule',
    '100000000d',
  );
  // A refused --schedule is a bad flag value: a usage error (CLI.md: exit 2).
  expect(added.code).toBe(2);
  expect(added.stderr).toContain('at least every 366 days');
  const core = createCore({ home: dir, resourcesDir: path.resolve('resources'), host: 'cli' });
  try {
    const updated = await core.dispatch('syncs.update', { sync: 'good', schedule: '100000000d' });
    expect(updated).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('once a year') },
    });
  } finally {
    core.close();
  }
});

test('one stored schedule that cannot run breaks only its own row of sync list', async () => {
  // As an older Ebb (which accepted it) left it in the store.
  const db = new Database(path.join(dir, 'ebb.sqlite'));
  db.prepare("update syncs set schedule = '100000000d' where name = 'bad'").run();
  db.close();

  const listed = await ebb('--json', 'sync', 'list');
  expect(listed.code).toBe(0);
  const syncs = (
    JSON.parse(listed.stdout) as {
      syncs: { name: string; nextRunAt: string | null; scheduleError?: string }[];
    }
  ).syncs;
  const byName = new Map(syncs.map((s) => [s.name, s]));
  expect(byName.get('good')?.nextRunAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(byName.get('good')?.scheduleError).toBeUndefined();
  expect(byName.get('bad')).toMatchObject({
    nextRunAt: null,
    scheduleError: expect.stringContaining('less than once a year'),
  });

  const text = await ebb('sync', 'list');
  expect(text.code).toBe(0);
  expect(text.stdout).toMatch(/good .*\d{4}-\d\d-\d\dT/);
  expect(text.stdout).toMatch(/bad .*schedule error/);
});
