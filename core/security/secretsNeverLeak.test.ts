import Database from 'better-sqlite3';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { callNames } from '../api/contract.js';
import { createCore, type Core } from '../createCore.js';
import { STORE_FILE } from '../store/openStore.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { tempHome } from '../testing/tempHome.js';

/**
 * Issue 7.1: warehouse passwords, URLs with credentials and webhook headers are sealed at rest;
 * no API answer, error message or log line carries one. Every secret below is distinctive so a
 * leak anywhere (answer, run error, log, store file) is found by a plain substring search.
 */
const HEADER_SECRET = 'hdr-7f3a9c-secret-value';
const URL_PASSWORD = 'urlpass-51d0e8';
const WRONG_PASSWORD = 'wrongpass-0b7d22';
const BAD_ARG_PASSWORD = 'argpass-c44e91';
/** The token part of an alert rule's Slack incoming webhook and generic webhook URLs. */
const ALERT_TOKEN = 'alerttoken-6e2d71';

let server: TestPostgres;
let receiver: http.Server;
let home: string;
let cleanup: () => void;
let core: Core;
const seen: string[] = [];
const unexpected: unknown[] = [];
let secrets: string[];

beforeAll(async () => {
  server = await startTestPostgres();
  // A careless receiver: its error bodies echo the request's headers.
  receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      res.writeHead(400).end(`bad request, you sent ${JSON.stringify(req.headers)}`),
    );
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const pgPassword = new URL(server.url).password;
  secrets = [
    HEADER_SECRET,
    URL_PASSWORD,
    WRONG_PASSWORD,
    BAD_ARG_PASSWORD,
    ALERT_TOKEN,
    pgPassword,
  ];
  ({ home, cleanup } = tempHome('ebb-leak-'));
  for (const method of ['log', 'error', 'warn', 'info', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      seen.push(args.map(String).join(' '));
    });
  }
  core = createCore({
    home,
    resourcesDir: path.resolve('resources'),
    host: 'cli',
    onUnexpectedError: (error) => unexpected.push(error),
  });
});

afterAll(async () => {
  vi.restoreAllMocks();
  core?.close();
  cleanup?.();
  await new Promise((resolve) => receiver?.close(resolve));
  await server?.stop();
});

async function call(name: string, arg: unknown) {
  const answer = await core.dispatch(name, arg);
  seen.push(JSON.stringify(answer));
  return answer;
}

function expectNoSecret(text: string, where: string) {
  for (const secret of secrets) expect(text, `${where} leaks ${secret}`).not.toContain(secret);
}

test('secrets are sealed at rest, masked in answers and absent from errors and logs', async () => {
  const port = (receiver.address() as AddressInfo).port;
  const wrongUrl = new URL(server.url);
  wrongUrl.password = WRONG_PASSWORD;
  const file = path.join(home, 'w.duckdb');
  await runDuckDb(file, 'create table users as select range as id, range * 2 as v from range(5)');

  expect(
    await call('warehouses.add', { kind: 'postgres', name: 'pg', url: server.url }),
  ).toMatchObject({ ok: true });
  expect(
    await call('warehouses.add', { kind: 'postgres', name: 'pg-wrong', url: wrongUrl.toString() }),
  ).toMatchObject({ ok: true });
  expect(await call('warehouses.add', { kind: 'duckdb', name: 'duck', path: file })).toMatchObject({
    ok: true,
  });
  expect(
    await call('models.add', {
      name: 'm',
      warehouse: 'duck',
      sql: 'select * from users',
      idColumn: 'id',
    }),
  ).toMatchObject({ ok: true });
  const destinations = {
    hook: {
      type: 'webhook',
      url: `http://hook-user:${URL_PASSWORD}@127.0.0.1:${port}/hook`,
      headers: { Authorization: `Bearer ${HEADER_SECRET}` },
      retry: { attempts: 1 },
    },
    'pg-dest': { type: 'postgres', url: server.url, table: 'out' },
    'pg-dest-wrong': { type: 'postgres', url: wrongUrl.toString(), table: 'out' },
    'hook-closed': {
      type: 'webhook',
      url: `http://u:${URL_PASSWORD}@127.0.0.1:1/closed`,
      headers: { 'X-Api-Key': HEADER_SECRET },
      retry: { attempts: 1 },
      timeoutMs: 2000,
    },
  };
  for (const [name, config] of Object.entries(destinations)) {
    expect(await call('destinations.add', { name, config }), name).toMatchObject({ ok: true });
    expect(
      await call('syncs.add', { name: `to-${name}`, model: 'm', destination: name }),
      name,
    ).toMatchObject({ ok: true });
  }

  // An alert on the failing sync, to channels whose URLs hold tokens (the receiver refuses them).
  expect(
    await call('alerts.add', {
      sync: 'to-hook',
      kind: 'failure',
      slack: `http://127.0.0.1:${port}/services/T0/B0/${ALERT_TOKEN}`,
      webhook: `http://127.0.0.1:${port}/alerts?token=${ALERT_TOKEN}`,
    }),
  ).toMatchObject({ ok: true });

  // Failures that hold a secret in their inputs: wrong password, closed port, echoing receiver.
  expect(await call('warehouses.test', { warehouse: 'pg-wrong' })).toMatchObject({ ok: false });
  expect(await call('warehouses.tables', { warehouse: 'pg-wrong' })).toMatchObject({ ok: false });
  expect(
    await call('models.run', { warehouse: 'pg-wrong', sql: 'select 1 as id', idColumn: 'id' }),
  ).toMatchObject({ ok: false });
  for (const name of Object.keys(destinations)) {
    await call('destinations.test', { destination: name });
    // The test record shows requests as sent: every credential in them masked.
    expect(await call('syncs.testRecord', { sync: `to-${name}` }), name).toMatchObject({
      ok: true,
    });
    await call('syncs.run', { sync: `to-${name}` });
    await call('syncs.preview', { sync: `to-${name}` });
    const runs = (await call('runs.list', { sync: `to-${name}` })) as {
      ok: true;
      data: { runId: string }[];
    };
    for (const run of runs.data) await call('runs.errors', { runId: run.runId });
  }
  const failedRuns = (await call('runs.list', { sync: 'to-hook' })) as {
    ok: true;
    data: { status: string }[];
  };
  expect(failedRuns.data[0]?.status).toBe('failed');
  const alerts = (await call('alerts.history', { sync: 'to-hook' })) as {
    ok: true;
    data: { kind: string; deliveries: { status: string; error?: string }[] }[];
  };
  expect(alerts.data.map((a) => [a.kind, a.deliveries.map((d) => d.status)])).toEqual([
    ['failure', ['failed', 'failed']],
  ]);

  // Refused arguments never echo what they refused.
  await call('warehouses.add', {
    kind: 'postgres',
    name: 'bad',
    url: `mysql://u:${BAD_ARG_PASSWORD}@h/db`,
  });
  await call('warehouses.add', {
    kind: 'postgres',
    name: 'pg',
    url: `postgres://u:${BAD_ARG_PASSWORD}@h/db`,
  });
  await call('destinations.add', {
    name: 'bad',
    config: {
      type: 'webhook',
      url: `ftp://u:${BAD_ARG_PASSWORD}@h/`,
      headers: { 'X-K': `${BAD_ARG_PASSWORD}\r\nX-Injected: 1` },
    },
  });
  await call('destinations.add', {
    name: 'bad2',
    config: { type: 'postgres', url: `http://u:${BAD_ARG_PASSWORD}@h/`, table: 't' },
  });
  await call('destinations.add', { name: 'hook', config: destinations.hook });

  // Every call that answers without arguments: what the app's screens show.
  for (const name of callNames) await call(name, {});

  for (const text of seen) expectNoSecret(text, 'an API answer or log line');
  expect(unexpected.map(String).join('\n')).toBe('');

  // The masked forms are still useful: the user can see which endpoint and which headers.
  const list = (await core.dispatch('destinations.list', {})) as {
    ok: true;
    data: { name: string; settings: Record<string, unknown>; target: string }[];
  };
  const hook = list.data.find((d) => d.name === 'hook')!;
  expect(hook.settings.headers).toEqual({ Authorization: '****' });
  expect(hook.target).toContain(`127.0.0.1:${port}/hook`);

  // At rest: neither the store nor its WAL holds a secret in clear.
  const db = new Database(path.join(home, STORE_FILE), { readonly: true });
  const configs = db
    .prepare(
      `select config from warehouses union all select config from destinations
       union all select channels as config from alert_rules`,
    )
    .all() as { config: string }[];
  db.close();
  for (const { config } of configs) expect(config).toMatch(/^k1:/);
  for (const name of fs.readdirSync(home).filter((f) => f.startsWith(STORE_FILE))) {
    expectNoSecret(fs.readFileSync(path.join(home, name)).toString('latin1'), name);
  }
  expect(fs.statSync(path.join(home, 'secret.key')).mode & 0o777).toBe(0o600);
});
