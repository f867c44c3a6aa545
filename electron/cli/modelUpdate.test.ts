import { expect, test } from 'vitest';
import { ebbJson, homePerTest, usersModel } from './testing/cliHarness.js';

const home = homePerTest();

test("model update sets the timestamp column, and --timestamp '' clears it", async () => {
  const dir = home();
  await usersModel(dir, 3, { columns: ', timestamp ' + "'2026-01-01'" + ' as changed_at' });
  const set = await ebbJson(dir, 'model', 'update', 'm', '--timestamp', 'changed_at');
  expect(set.code).toBe(0);
  expect(set.json).toMatchObject({ timestampColumn: 'changed_at' });
  const cleared = await ebbJson(dir, 'model', 'update', 'm', '--timestamp', '');
  expect(cleared.code).toBe(0);
  expect(cleared.json).toMatchObject({ timestampColumn: null });
  const listed = await ebbJson(dir, 'model', 'list');
  expect(listed.json).toMatchObject({ models: [{ name: 'm', timestampColumn: null }] });
});
