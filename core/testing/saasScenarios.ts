import { expect } from 'vitest';
import { runDuckDb } from './duckdbFile.js';
import { startLoopbackApi, type ApiAnswer, type ApiRequest } from './loopbackApi.js';
import { syncFixture, type Call, type SyncFixture } from './syncFixture.js';
import type { ProfileStandIn, SaasStandIn } from '../destinations/http/standInServer.js';
import type { RunSummary } from '../types.js';

/** How the shared scenarios drive one SaaS destination and read its stand-in. */
export interface SaasUnderTest {
  type: string;
  /** The setting a wrong credential must name. */
  credentialSetting: string;
  /** Settings pointing at the stand-in, with a working credential. */
  settings(): Record<string, unknown>;
  /** The stand-in's profiles by id (what the service holds). */
  profiles(): Map<string, Record<string, unknown>>;
  /** Ids received as new/updated records, in order, duplicates kept. */
  received(): string[];
  /** Makes the service refuse these ids with its own per-record error (empty: refuse none). */
  refuse(ids: string[]): void;
  /** The stand-in: 429s on demand, the requests it answered. */
  standIn: SaasStandIn;
  /**
   * How the service refuses a record: with a per-record error (`service`, the default), or only
   * by size, which Ebb checks before sending (`oversize`: the record is rejected, never sent).
   */
  refusal?: 'service' | 'oversize';
  /** False when the service cannot tell a wrong credential (it answers 200 and drops the data). */
  detectsWrongCredential?: boolean;
}

const ROWS = 120;

/** A profile API's hooks: its stand-in's profiles and ids received; refused ids get `message`. */
export const profileHooks = (standIn: ProfileStandIn, message: (id: string) => string) => ({
  standIn,
  profiles: () => standIn.profiles,
  received: () => standIn.received,
  refuse: (ids: string[]) => {
    standIn.refuse.clear();
    for (const id of ids) standIn.refuse.set(id, message(id));
  },
});

/**
 * The scenarios on a new fixture of ROWS users against the stand-in `start` starts, described by
 * `saas`; both go into `opened` (stand-in first) to be closed after the test. Answers both.
 */
export async function runScenariosOnStandIn<S extends SaasStandIn>(
  opened: { close(): unknown }[],
  start: () => Promise<S>,
  saas: (standIn: S) => SaasUnderTest,
): Promise<{ fixture: SyncFixture; standIn: S }> {
  const fixture = await syncFixture(ROWS);
  opened.unshift(fixture);
  const standIn = await start();
  opened.unshift(standIn);
  await runSaasScenarios(fixture.call, fixture.warehouseFile, saas(standIn));
  return { fixture, standIn };
}

/**
 * One sync of the fixture's `users` to a new destination `name` of `config` whose endpoint (a
 * loopback server, closed after) gives every request `answer`: the run and the requests received.
 */
export async function syncAgainstAnswer(
  call: Call,
  name: string,
  config: { type: string } & Record<string, unknown>,
  answer: ApiAnswer,
): Promise<{ run: RunSummary; requests: ApiRequest[] }> {
  const server = await startLoopbackApi(() => answer);
  try {
    await call('destinations.add', { name, config: { ...config, endpoint: server.url } });
    await call('syncs.add', { name: `to ${name}`, model: 'users', destination: name });
    return { run: await call('syncs.run', { sync: `to ${name}` }), requests: server.requests };
  } finally {
    await server.close();
  }
}

/**
 * The scenarios over real HTTP, one sync on a DuckDB model `users(user_id, name, score)`
 * of ROWS rows: a first sync, a sync with refused records and a 429, the retry sync sending
 * exactly the refused ones, a mirror sync deleting, and a wrong credential naming the setting.
 */
export async function runSaasScenarios(
  call: Call,
  warehouse: string | ((sql: string) => Promise<void>),
  saas: SaasUnderTest,
  model = 'users',
): Promise<void> {
  // The model's table changes between syncs: a DuckDB file, or SQL run on another warehouse.
  const exec =
    typeof warehouse === 'string'
      ? async (sql: string) => {
          await runDuckDb(warehouse, sql);
        }
      : warehouse;
  const quickRetry = { attempts: 6, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 5000 };
  await call('destinations.add', {
    name: 'saas',
    config: { type: saas.type, ...saas.settings(), retry: quickRetry },
  });
  await call('syncs.add', { name: 'to saas', model, destination: 'saas', mode: 'mirror' });

  // First sync: every record, ids as strings, values as the model has them.
  const first = await call('syncs.run', { sync: 'to saas' });
  expect(first, first.message).toMatchObject({ status: 'succeeded', delivered: ROWS, failed: 0 });
  expect(saas.profiles().size).toBe(ROWS);
  expect(saas.profiles().get('7')).toMatchObject({ name: 'user 7' });

  // Refused records and a 429: the refused are failed with the service's message (or, for a
  // service that refuses only by size, rejected before sending with the limit named).
  const oversize = saas.refusal === 'oversize';
  await exec(`update users set name = name || ' v2' where user_id < 20`);
  if (oversize) {
    await exec(`update users set name = repeat('x', 40000) where user_id in (3, 11)`);
  } else {
    saas.refuse(['3', '11']);
  }
  saas.standIn.rateLimitNext(1);
  const received = saas.received().length;
  const refusedRun = await call('syncs.run', { sync: 'to saas' });
  expect(refusedRun, refusedRun.message).toMatchObject(
    oversize
      ? { status: 'succeeded', delivered: 18, failed: 0, rejected: 2 }
      : { status: 'partial', delivered: 18, failed: 2 },
  );
  const rateLimited = saas.standIn.requests.filter((r) => r.status === 429);
  expect(rateLimited.length).toBeGreaterThanOrEqual(1);
  const errors = await call('runs.errors', { runId: refusedRun.runId });
  expect(errors.errors.map((e) => e.id).sort()).toEqual(['11', '3']);
  expect(errors.errors[0]!.reason).toMatch(
    oversize ? /over its limit of \d+ bytes a record; not sent/ : /refused value/,
  );
  expect(saas.profiles().get('5')).toMatchObject({ name: 'user 5 v2' });
  expect(saas.profiles().get('3')).toMatchObject({ name: 'user 3' });
  expect(saas.received().slice(received)).not.toContain('3');

  // The retry sync sends exactly the refused ones.
  if (oversize) {
    await exec(`update users set name = 'user ' || user_id || ' v2' where user_id in (3, 11)`);
  }
  saas.refuse([]);
  const before = saas.received().length;
  expect(before).toBeGreaterThan(received);
  const retry = await call('syncs.run', { sync: 'to saas' });
  expect(retry, retry.message).toMatchObject({ status: 'succeeded', delivered: 2, failed: 0 });
  expect(saas.received().slice(before).sort()).toEqual(['11', '3']);
  expect(saas.profiles().get('3')).toMatchObject({ name: 'user 3 v2' });

  // Mirror: rows that left the model are deleted at the service.
  await exec(`delete from users where user_id >= ${ROWS - 10}`);
  const mirror = await call('syncs.run', { sync: 'to saas' });
  expect(mirror, mirror.message).toMatchObject({ status: 'succeeded', delivered: 10 });
  expect(saas.profiles().size).toBe(ROWS - 10);
  expect(saas.profiles().has(String(ROWS - 1))).toBe(false);

  // A wrong credential fails the run naming the setting; nothing counts as delivered or failed.
  if (saas.detectsWrongCredential === false) return;
  await call('destinations.update', {
    destination: 'saas',
    settings: { [saas.credentialSetting]: 'wrong-credential-000' },
  });
  await exec(`update users set score = score + 1 where user_id < 5`);
  const wrong = await call('syncs.run', { sync: 'to saas' });
  expect(wrong).toMatchObject({ status: 'failed', delivered: 0, failed: 0, pending: 5 });
  expect(wrong.message).toContain(saas.credentialSetting);
  expect(wrong.message).not.toContain('wrong-credential-000');
}

export const SAAS_SCENARIO_ROWS = ROWS;
