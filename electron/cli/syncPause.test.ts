import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { runCaptured, homePerTest, usersModel, words } from './testing/cliHarness.js';

const home = homePerTest();

const ebb = runCaptured;

test('sync pause / resume (and sync add --paused) stop and restart the schedule', async () => {
  const dir = home();
  await usersModel(dir, 3);
  const out = path.join(dir, 'out');
  fs.mkdirSync(out);
  const g = ['--home', dir, '--json'];
  await ebb([...g, 'destination', 'add', 'd', '--type', 'file', '--path', out]);
  const added = await ebb([
    ...g,
    ...words`sync add s --model m --destination d --schedule 1h --paused`,
  ]);
  expect(JSON.parse(added.stdout)).toMatchObject({ paused: true, nextRunAt: null });
  const resumed = await ebb([...g, 'sync', 'resume', 's']);
  const { paused, nextRunAt } = JSON.parse(resumed.stdout) as {
    paused: boolean;
    nextRunAt: string;
  };
  expect(paused).toBe(false);
  // The next slot after the resume, an hour away: not "now".
  expect(Date.parse(nextRunAt) - Date.now()).toBeGreaterThan(55 * 60_000);
  expect(JSON.parse((await ebb([...g, 'sync', 'pause', 's'])).stdout)).toMatchObject({
    paused: true,
  });
  const listed = await ebb(['--home', dir, 'sync', 'list']);
  expect(listed.stdout).toMatch(/s\s+m\s+d\s+upsert\s+1h\s+never run\s+paused/);
});
