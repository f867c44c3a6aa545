import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { runDuckDb } from '../../core/testing/duckdbFile.js';
import { tempHome } from '../../core/testing/tempHome.js';
import { runCli } from './runCli.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function ebb(dir: string, args: string[], json = true) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--home', dir, ...(json ? ['--json'] : []), ...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: {},
    interrupted: () => Promise.resolve(),
  });
  return {
    code,
    json: json && stdout ? (JSON.parse(stdout) as Record<string, unknown>) : {},
    stdout,
    stderr,
  };
}

test('warehouse update edits in place, by flag or --set, and warns when syncs start fresh', async () => {
  const temp = tempHome();
  cleanup = temp.cleanup;
  const dir = temp.home;
  const file = path.join(dir, 'w.duckdb');
  await runDuckDb(file, 'create table users as select range as id from range(10)');
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  expect(
    (await ebb(dir, ['warehouse', 'add', 'w', '--kind', 'duckdb', '--set', `path=${file}`])).code,
  ).toBe(0);
  await ebb(dir, [
    'model',
    'add',
    'm',
    '--warehouse',
    'w',
    '--sql',
    'select * from users',
    '--id',
    'id',
  ]);
  await ebb(dir, ['destination', 'add', 'd', '--type', 'file', '--path', out]);
  await ebb(dir, ['sync', 'add', 's', '--model', 'm', '--destination', 'd']);
  expect((await ebb(dir, ['sync', 'run', 's'])).json).toMatchObject({ delivered: 10 });

  // Same file by its flag: nothing moves, nothing to warn about.
  const same = await ebb(
    dir,
    ['warehouse', 'update', 'w', '--duckdb', file, '--name', 'main'],
    false,
  );
  expect(same.code).toBe(0);
  expect(same.stdout).toBe(`Updated warehouse "main" (duckdb, ${file}).\n`);

  const moved = await ebb(dir, ['warehouse', 'update', 'main', '--state-schema', 'ebb_two'], false);
  expect(moved.stdout).toContain(
    'Warning: state moves from schema _ebb_reverse_etl to ebb_two, so the sync(s) "s" start fresh: their next run sends every record as new.',
  );
  expect((await ebb(dir, ['sync', 'run', 's'])).json).toMatchObject({ changes: { new: 10 } });
  expect((await ebb(dir, ['warehouse', 'list'])).json).toMatchObject({
    warehouses: [{ name: 'main', stateSchema: 'ebb_two' }],
  });

  // Another kind's flag or key is refused, naming this kind's settings.
  const wrong = await ebb(dir, ['warehouse', 'update', 'main', '--mysql', 'mysql://a@b/c']);
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toContain(
    '--mysql is not a setting of a duckdb warehouse; its settings are path',
  );
  expect((await ebb(dir, ['warehouse', 'test', 'main'])).json).toMatchObject({ ok: true });
});

test('warehouse kinds lists every kind with its settings; add by --kind names what is missing', async () => {
  const temp = tempHome();
  cleanup = temp.cleanup;
  const kinds = (await ebb(temp.home, ['warehouse', 'kinds'])).json.kinds as {
    kind: string;
    settings: { key: string; secret: boolean }[];
  }[];
  expect(kinds.map((k) => k.kind)).toEqual(
    expect.arrayContaining(['duckdb', 'postgres', 'mysql', 'files']),
  );
  const missing = await ebb(temp.home, ['warehouse', 'add', 'x', '--kind', 'postgres']);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('A postgres warehouse needs --postgres (Connection URL)');
  const both = await ebb(temp.home, [
    'warehouse',
    'add',
    'x',
    '--kind',
    'postgres',
    '--duckdb',
    'f',
  ]);
  expect(both.stderr).toContain('Give exactly one of');
});
