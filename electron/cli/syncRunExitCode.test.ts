import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runDuckDb } from '../../core/testing/duckdbFile.js';
import { tempHome } from '../../core/testing/tempHome.js';
import { runCaptured } from './testing/cliHarness.js';

/** How the receiver answers the next batch; ids are the model's user_id as strings. */
let answer: (ids: string[]) => { status: number; body: unknown } = () => ({
  status: 200,
  body: {},
});
let receiver: http.Server;
let url: string;
let dir: string;
let cleanup: () => void;

const ebb = (...args: string[]) => runCaptured(['--home', dir, ...args]);

beforeAll(async () => {
  ({ home: dir, cleanup } = tempHome('ebb-exit-'));
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const batch = (JSON.parse(body) as { batch: { id: string }[] }).batch;
      const reply = answer(batch.map((change) => change.id));
      res.writeHead(reply.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const warehouse = path.join(dir, 'w.duckdb');
  await runDuckDb(
    warehouse,
    "create table users as select range as user_id, 'u' || range as name from range(10)",
  );
  for (const command of [
    ['warehouse', 'add', 'w', '--duckdb', warehouse],
    [
      'model',
      'add',
      'users',
      '--warehouse',
      'w',
      '--sql',
      'select * from users',
      '--id',
      'user_id',
    ],
    ['destination', 'add', 'hook', '--type', 'webhook', '--url', url],
    ['sync', 'add', 'push', '--model', 'users', '--destination', 'hook'],
  ]) {
    expect((await ebb(...command)).code).toBe(0);
  }
});

afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  cleanup();
});

test('sync run exits 1 when the run failed, 3 when partial, 0 when it succeeded (CLI.md)', async () => {
  // A 4xx other than 429 fails the batch without retries: every record failed.
  answer = () => ({ status: 400, body: { error: 'no' } });
  const failed = await ebb('--json', 'sync', 'run', 'push');
  expect(JSON.parse(failed.stdout)).toMatchObject({ status: 'failed', failed: 10 });
  expect(failed.code).toBe(1);

  // A 207 naming two ids: those failed, the rest delivered.
  answer = (ids) => ({
    status: 207,
    body: { errors: ids.slice(0, 2).map((id) => ({ id, message: 'refused' })) },
  });
  const partial = await ebb('sync', 'run', 'push');
  expect(partial.stdout).toContain(': partial');
  expect(partial.code).toBe(3);

  answer = () => ({ status: 200, body: {} });
  const succeeded = await ebb('--json', 'sync', 'run', 'push');
  expect(JSON.parse(succeeded.stdout)).toMatchObject({ status: 'succeeded', delivered: 2 });
  expect(succeeded.code).toBe(0);
});

test('a failed or partial run says why on stderr too, with --json as without (CLI.md: errors name the fix on stderr)', async () => {
  // Forgotten state: every record is sent again.
  expect((await ebb('sync', 'reset', 'push')).code).toBe(0);
  answer = () => ({ status: 400, body: { error: 'no' } });
  const failed = await ebb('--json', 'sync', 'run', 'push');
  expect(failed.code).toBe(1);
  expect(JSON.parse(failed.stdout)).toMatchObject({ status: 'failed' });
  expect(failed.stderr).toMatch(/^ebb: Run of "push" failed: .*400/);

  answer = (ids) => ({
    status: 207,
    body: { errors: ids.slice(0, 1).map((id) => ({ id, message: 'refused by the hook' })) },
  });
  const partial = await ebb('sync', 'run', 'push');
  expect(partial.code).toBe(3);
  expect(partial.stderr).toContain(
    'ebb: Run of "push" was partial: the destination refused 1 record(s)',
  );
  expect(partial.stderr).toContain('refused by the hook');

  answer = () => ({ status: 200, body: {} });
  const succeeded = await ebb('--json', 'sync', 'run', 'push');
  expect(succeeded).toMatchObject({ code: 0, stderr: '' });
});
