import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { runCaptured, homePerTest } from './testing/cliHarness.js';

const home = homePerTest();

const ebb = runCaptured;

test('warehouse add then tables answer the JSON of CLI.md', async () => {
  const dir = home();
  const file = path.join(dir, 'w.duckdb');
  const added = await ebb(['--home', dir, '--json', 'warehouse', 'add', 'w', '--duckdb', file]);
  expect(added.code).toBe(0);
  expect(JSON.parse(added.stdout)).toMatchObject({ name: 'w', kind: 'duckdb', location: file });
  expect(fs.existsSync(file)).toBe(true);
  const tables = await ebb(['--home', dir, '--json', 'warehouse', 'tables', 'w']);
  expect(tables).toMatchObject({ code: 0 });
  expect(JSON.parse(tables.stdout)).toEqual({ tables: [] });
  const list = await ebb(['--home', dir, 'warehouse', 'list']);
  expect(list.stdout).toMatch(/^name\s+kind\s+location/);
  expect(list.stdout).toContain(file);
});

test('EBB_HOME is the default home', async () => {
  const dir = home();
  await ebb(['warehouse', 'add', 'w', '--duckdb', path.join(dir, 'w.duckdb')], { EBB_HOME: dir });
  expect(
    JSON.parse((await ebb(['--home', dir, '--json', 'warehouse', 'list'])).stdout).warehouses,
  ).toHaveLength(1);
});

test('models are added from --sql or --sql-file and updated', async () => {
  const dir = home();
  await ebb(['--home', dir, 'warehouse', 'add', 'w', '--duckdb', path.join(dir, 'w.duckdb')]);
  const sqlFile = path.join(dir, 'model.sql');
  fs.writeFileSync(sqlFile, 'select 1 as id');
  const added = await ebb([
    '--home',
    dir,
    '--json',
    'model',
    'add',
    'm',
    '--warehouse',
    'w',
    '--sql-file',
    sqlFile,
    '--id',
    'id',
  ]);
  expect(added.code).toBe(0);
  expect(JSON.parse(added.stdout)).toMatchObject({ sql: 'select 1 as id', idColumn: 'id' });
  const updated = await ebb([
    '--home',
    dir,
    '--json',
    'model',
    'update',
    'm',
    '--timestamp',
    'updated_at',
  ]);
  expect(JSON.parse(updated.stdout)).toMatchObject({ timestampColumn: 'updated_at' });
  const list = await ebb(['--home', dir, '--json', 'model', 'list']);
  expect(JSON.parse(list.stdout).models).toHaveLength(1);
});

test('usage errors exit 2 and name the fix; engine errors exit 1 with error JSON', async () => {
  const dir = home();
  const missingFlag = await ebb(['--home', dir, 'warehouse', 'add', 'w']);
  expect(missingFlag.code).toBe(2);
  expect(missingFlag.stderr).toContain(
    'Give exactly one of --duckdb PATH, --postgres URL, --mysql URL, --files DIR or --kind',
  );
  const unknown = await ebb(['--home', dir, '--json', 'frobnicate']);
  expect(unknown.code).toBe(2);
  expect(JSON.parse(unknown.stdout)).toMatchObject({ error: { code: 'USAGE' } });
  expect(unknown.stderr).toContain('ebb --help');
  const unknownFlag = await ebb(['--home', dir, 'warehouse', 'list', '--verbose']);
  expect(unknownFlag).toMatchObject({ code: 2 });
  expect(unknownFlag.stderr).toContain('Unknown option --verbose');
  const notFound = await ebb(['--home', dir, '--json', 'warehouse', 'tables', 'nope']);
  expect(notFound.code).toBe(1);
  expect(JSON.parse(notFound.stdout)).toEqual({
    error: {
      code: 'NOT_FOUND',
      message: 'No warehouse named "nope". See the configured ones with `ebb warehouse list`.',
    },
  });
  const noModel = await ebb(['--home', dir, '--json', 'model', 'check', 'nope']);
  expect(noModel.code).toBe(1);
  expect(JSON.parse(noModel.stdout)).toEqual({
    error: {
      code: 'NOT_FOUND',
      message: 'No model named "nope". See the saved ones with `ebb model list`.',
    },
  });
  const badPlan = await ebb(['--home', dir, 'plan', 'set', 'gold']);
  expect(badPlan).toMatchObject({ code: 2, stdout: '' });
  expect(badPlan.stderr).toContain('The plan is one of free, teams, business, custom; got "gold".');
  const badSql = await ebb(['--home', dir, 'model', 'add', 'm', '--warehouse', 'w', '--id', 'id']);
  expect(badSql.code).toBe(2);
});

test('a write while another process holds the home is refused with the holder named', async () => {
  const dir = home();
  fs.writeFileSync(
    path.join(dir, 'ebb.lock'),
    JSON.stringify({
      pid: process.ppid,
      role: 'ebb serve (pid x)',
      startedAt: '2026-11-23T00:00:00Z',
    }),
  );
  const refused = await ebb([
    '--home',
    dir,
    '--json',
    'warehouse',
    'add',
    'w',
    '--duckdb',
    path.join(dir, 'w.duckdb'),
  ]);
  expect(refused.code).toBe(1);
  expect(JSON.parse(refused.stdout).error).toMatchObject({
    code: 'LOCKED',
    message: expect.stringContaining('ebb serve'),
  });
  expect((await ebb(['--home', dir, 'warehouse', 'list'])).code).toBe(0);
});

test('a usage error is answered as one (exit 2) even while another process holds the home', async () => {
  const dir = home();
  const lock = path.join(dir, 'ebb.lock');
  fs.writeFileSync(
    lock,
    JSON.stringify({ pid: process.ppid, role: 'ebb serve', startedAt: '2026-11-23T00:00:00Z' }),
  );
  const usage = async (argv: string[], message: string) => {
    const answer = await ebb(['--home', dir, '--json', ...argv]);
    expect(answer.code).toBe(2);
    expect(JSON.parse(answer.stdout).error).toMatchObject({
      code: 'USAGE',
      message: expect.stringContaining(message),
    });
  };
  await usage(['warehouse', 'add'], 'Missing the warehouse NAME');
  await usage(['warehouse', 'add', 'w'], 'Give exactly one of --duckdb PATH');
  await usage(['sync', 'run'], 'Missing');
  // A well-formed write is still refused with the holder named, and the lock is left alone.
  const refused = await ebb(['--home', dir, '--json', 'warehouse', 'add', 'w', '--duckdb', 'x']);
  expect(refused.code).toBe(1);
  expect(JSON.parse(refused.stdout).error.code).toBe('LOCKED');
  expect(JSON.parse(fs.readFileSync(lock, 'utf8')).role).toBe('ebb serve');
});

test('--json: help is one JSON document; no command is a usage error with the error JSON', async () => {
  const dir = home();
  const help = await ebb(['--home', dir, '--json', '--help']);
  expect(help).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(help.stdout).help).toContain('ebb sync run NAME');
  const none = await ebb(['--home', dir, '--json']);
  expect(none.code).toBe(2);
  expect(JSON.parse(none.stdout)).toMatchObject({
    error: { code: 'USAGE', message: expect.stringContaining('Missing the COMMAND') },
  });
  expect(none.stderr).toContain('ebb: Missing the COMMAND.\nUsage: ebb [--home DIR]');
  const text = await ebb(['--home', dir]);
  expect(text).toMatchObject({ code: 2, stdout: '' });
});

test('an EBB_NOW that is not a time is an error naming EBB_NOW and the fix', async () => {
  const saved = process.env.EBB_NOW;
  process.env.EBB_NOW = 'tomorrow';
  try {
    const usage = await ebb(['--home', home(), '--json', 'usage']);
    expect(usage.code).toBe(1);
    expect(JSON.parse(usage.stdout).error).toEqual({
      code: 'INVALID_ARGUMENT',
      message:
        'EBB_NOW is "tomorrow", not an ISO 8601 time: set it like 2027-01-20T00:00:00Z, or unset it to use the system clock.',
    });
  } finally {
    if (saved === undefined) delete process.env.EBB_NOW;
    else process.env.EBB_NOW = saved;
  }
});
