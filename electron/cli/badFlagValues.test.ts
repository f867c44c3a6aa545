import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tempHome } from '../../core/testing/tempHome.js';
import { ebbJson, usersModel, words } from './testing/cliHarness.js';

// CLI.md: "exit code 1 (2 for a usage error)". A flag given a value it cannot take is a usage
// error like an unknown flag or a missing argument: exit 2, the fix on stderr, and with --json
// the error document with code USAGE. Before, these reached the engine and exited 1.
let dir: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ home: dir, cleanup } = tempHome('ebb-bad-values-'));
  await usersModel(dir, 3);
  fs.mkdirSync(path.join(dir, 'out'));
  expect(
    (await ebbJson(dir, ...words`destination add d --type file --path ${path.join(dir, 'out')}`))
      .code,
  ).toBe(0);
  expect(
    (await ebbJson(dir, ...words`sync add s --model m --destination d --schedule 1h`)).code,
  ).toBe(0);
});
afterAll(() => cleanup());

const usageError = async (args: string[], message: string) => {
  const result = await ebbJson<{ error: { code: string; message: string } }>(dir, ...args);
  expect(result.code, result.stderr).toBe(2);
  expect(result.json.error).toMatchObject({
    code: 'USAGE',
    message: expect.stringContaining(message),
  });
  expect(result.stderr).toContain(message);
  expect(result.stdout.trim().split('\n').length).toBe(1);
};

test('--schedule more often than every 15 minutes, cron included, is a usage error', async () => {
  for (const schedule of ['1m', '14m', '*/5 * * * *', '* * * * *', '0,10 * * * *']) {
    await usageError(
      ['sync', 'add', 'x', '--model', 'm', '--destination', 'd', '--schedule', schedule],
      'syncs run at most every 15 minutes',
    );
    await usageError(
      ['sync', 'update', 's', '--schedule', schedule],
      'syncs run at most every 15 minutes',
    );
  }
  await usageError(
    words`sync add x --model m --destination d --schedule often`,
    'is not a schedule',
  );
  // Nothing was added or changed.
  const list = await ebbJson<{ syncs: { name: string; schedule: string }[] }>(dir, 'sync', 'list');
  expect(list.json.syncs.map((s) => [s.name, s.schedule])).toEqual([['s', '1h']]);
  // The ones allowed still are.
  expect((await ebbJson(dir, ...words`sync update s --schedule ${'*/15 * * * *'}`)).code).toBe(0);
  expect((await ebbJson(dir, ...words`sync update s --schedule none`)).json).toMatchObject({
    schedule: null,
  });
});

test('a destination setting outside its kind or range is a usage error naming what it takes', async () => {
  const out = path.join(dir, 'out');
  await usageError(
    words`destination add x --type file --path ${out} --format xml`,
    '--format is one of jsonl, csv; got "xml"',
  );
  await usageError(
    words`destination add x --type webhook --url http://127.0.0.1:9/ --batch-size many`,
    '--batch-size takes a whole number from 1 to 100000; got "many"',
  );
  await usageError(
    words`destination add x --type webhook --url http://127.0.0.1:9/ --concurrency 0`,
    '--concurrency takes a whole number from 1 to 64; got "0"',
  );
  await usageError(
    words`destination add x --type segment --set writeKey=k --set call=page`,
    '--set call=… is one of identify, track, group; got "page"',
  );
  await usageError(
    words`destination update d --set format=xml`,
    '--set format=… is one of jsonl, csv',
  );
  const list = await ebbJson<{ destinations: { name: string }[] }>(dir, 'destination', 'list');
  expect(list.json.destinations.map((d) => d.name)).toEqual(['d']);
});

test('plan set --cycle-day and serve --port outside their range are usage errors', async () => {
  await usageError(words`plan set free --cycle-day 40`, '--cycle-day must be from 1 to 28, got 40');
  await usageError(words`plan set free --cycle-day 0`, '--cycle-day must be from 1 to 28, got 0');
  await usageError(words`serve --port 70000`, '--port must be from 0 to 65535, got 70000');
});
