import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ebbJson, homePerTest, usersModel, words } from './testing/cliHarness.js';

const home = homePerTest();

const ebb = (dir: string, args: string[]) => ebbJson(dir, ...args);

const linesIn = (dir: string) =>
  fs
    .readdirSync(dir)
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean));

test('sync update edits in place; pointed at another destination it sends every record there', async () => {
  const dir = home();
  await usersModel(dir, 30, { columns: ', range * 2 as v' });
  const first = path.join(dir, 'first');
  const second = path.join(dir, 'second');
  fs.mkdirSync(first);
  fs.mkdirSync(second);
  await ebb(dir, ['destination', 'add', 'a', '--type', 'file', '--path', first]);
  await ebb(dir, ['destination', 'add', 'b', '--type', 'file', '--path', second]);
  await ebb(dir, ['sync', 'add', 's', '--model', 'm', '--destination', 'a']);
  expect((await ebb(dir, ['sync', 'run', 's'])).json).toMatchObject({ delivered: 30 });

  const updated = await ebb(
    dir,
    words`sync update s --destination b --mode mirror --max-records 100`,
  );
  expect(updated.code).toBe(0);
  expect(updated.json).toMatchObject({ destination: 'b', mode: 'mirror', maxRecords: 100 });
  const run = await ebb(dir, ['sync', 'run', 's']);
  expect(run.json).toMatchObject({ status: 'succeeded', delivered: 30 });
  expect(linesIn(second)).toHaveLength(30);

  const bad = await ebb(dir, ['sync', 'update', 's', '--mode', 'sideways']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--mode is one of upsert, insert, update, mirror');
});

test('sync update takes the ops flags of sync add; omitted ones keep their stored value', async () => {
  const dir = home();
  await usersModel(dir, 3);
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  await ebb(dir, ['destination', 'add', 'd', '--type', 'file', '--path', out]);
  const added = await ebb(dir, words`sync add s --model m --destination d --retry-days 9`);
  expect(added.json).toMatchObject({ ops: { retrySyncs: 5, retryDays: 9, logToWarehouse: false } });

  const updated = await ebb(dir, words`sync update s --log-to-warehouse --retry-syncs 2`);
  expect(updated.code).toBe(0);
  expect(updated.json).toMatchObject({
    ops: { retrySyncs: 2, retryDays: 9, logToWarehouse: true },
  });
  // Stored, not only echoed: a later listing sees it.
  const listed = (await ebb(dir, ['sync', 'list'])).json as { syncs: { ops: unknown }[] };
  expect(listed.syncs[0]?.ops).toMatchObject({ retrySyncs: 2, retryDays: 9, logToWarehouse: true });

  const off = await ebb(dir, ['sync', 'update', 's', '--no-log-to-warehouse']);
  expect(off.json).toMatchObject({ ops: { retrySyncs: 2, logToWarehouse: false } });

  const bad = await ebb(dir, ['sync', 'update', 's', '--retry-days', 'soon']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('--retry-days');
});
