import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ebbJson, homePerTest, runCaptured, usersModel } from './testing/cliHarness.js';

const home = homePerTest();

const ebb = (dir: string, args: string[]) => ebbJson(dir, ...args);
/** Without --json: what a user reads. */
const ebbText = (dir: string, args: string[]) => runCaptured(['--home', dir, ...args]);

test('warehouse update edits in place, by flag or --set, and warns when syncs start fresh', async () => {
  const dir = home();
  const file = await usersModel(dir, 10, {
    warehouseFlags: (path) => ['--kind', 'duckdb', '--set', `path=${path}`],
  });
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  await ebb(dir, ['destination', 'add', 'd', '--type', 'file', '--path', out]);
  await ebb(dir, ['sync', 'add', 's', '--model', 'm', '--destination', 'd']);
  expect((await ebb(dir, ['sync', 'run', 's'])).json).toMatchObject({ delivered: 10 });

  // Same file by its flag: nothing moves, nothing to warn about.
  const same = await ebbText(dir, ['warehouse', 'update', 'w', '--duckdb', file, '--name', 'main']);
  expect(same.code).toBe(0);
  expect(same.stdout).toBe(`Updated warehouse "main" (duckdb, ${file}).\n`);

  const moved = await ebbText(dir, ['warehouse', 'update', 'main', '--state-schema', 'ebb_two']);
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
  const dir = home();
  const kinds = (await ebb(dir, ['warehouse', 'kinds'])).json.kinds as {
    kind: string;
    settings: { key: string; secret: boolean }[];
  }[];
  expect(kinds.map((k) => k.kind)).toEqual(
    expect.arrayContaining(['duckdb', 'postgres', 'mysql', 'files']),
  );
  const missing = await ebb(dir, ['warehouse', 'add', 'x', '--kind', 'postgres']);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('A postgres warehouse needs --postgres (Connection URL)');
  const both = await ebb(dir, ['warehouse', 'add', 'x', '--kind', 'postgres', '--duckdb', 'f']);
  expect(both.stderr).toContain('Give exactly one of');
});
