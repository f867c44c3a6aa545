import { expect } from 'vitest';
import type { RunSummary } from '../types.js';
import { runDuckDb } from './duckdbFile.js';
import { syncFixture, type SyncFixture } from './syncFixture.js';

/**
 * The CRM tests' contacts: every 40th user is on a plan ('enterprise') the CRM's picklist does not
 * list yet, so the CRM refuses these ids until an admin adds the value.
 */
export const refusedIds = (rows: number): string[] =>
  Array.from({ length: rows }, (_, i) => i)
    .filter((i) => i % 40 === 7)
    .map(String);

/** The plan of each contact as SQL over `users`: 'enterprise' for the refused ones. */
export const PLAN_SQL = `case when user_id % 40 = 7 then 'enterprise' when user_id % 2 = 0 then 'pro' else 'free' end`;

/**
 * A sync fixture of `rows` users whose model `contacts` (`model.sql`, keyed by `model.idColumn`)
 * the sync `sync` mirrors to the destination `destination` (its config, with quick retries).
 */
export async function mirror(
  rows: number,
  model: { sql: string; idColumn: string },
  destination: { name: string; config: { type: string } & Record<string, unknown> },
  sync: string,
): Promise<SyncFixture> {
  const fixture = await syncFixture(rows);
  await fixture.call('models.add', { name: 'contacts', warehouse: 'wh', ...model });
  await fixture.call('destinations.add', {
    name: destination.name,
    config: { ...destination.config, retry: { attempts: 6, baseDelayMs: 5, maxDelayMs: 20 } },
  });
  await fixture.call('syncs.add', {
    name: sync,
    model: 'contacts',
    destination: destination.name,
    mode: 'mirror',
  });
  return fixture;
}

/**
 * The destination `destination` is given a wrong access token `token`: the next run of `sync`
 * (120 contacts pending) fails with a message matching `refused`, never showing `secretPart`.
 */
export async function expectWrongTokenFails(
  fixture: SyncFixture,
  names: { destination: string; sync: string },
  token: { token: string; secretPart: string },
  refused: RegExp,
): Promise<void> {
  await fixture.call('destinations.update', {
    destination: names.destination,
    settings: { accessToken: token.token },
  });
  const run = await fixture.call('syncs.run', { sync: names.sync });
  expect(run).toMatchObject({ status: 'failed', delivered: 0, failed: 0, pending: 120 });
  expect(run.message).toMatch(refused);
  expect(run.message).not.toContain(token.secretPart);
}

/**
 * The mirror scenario on 200 contacts (none refused): a first sync delivers all of them, then the
 * model moves on (every 10th changed, 29 deleted, 30 added) and `sync` runs again: its summary.
 */
export async function mirrorAfterChanges(fixture: SyncFixture, sync: string): Promise<RunSummary> {
  expect(await fixture.call('syncs.run', { sync })).toMatchObject({
    status: 'succeeded',
    delivered: 200,
  });
  await runDuckDb(
    fixture.warehouseFile,
    "update users set name = 'changed', score = score + 1 where user_id % 10 = 0",
    'delete from users where user_id % 7 = 1',
    "insert into users select range, 'late ' || range, 2.5 from range(200, 230)",
  );
  return fixture.call('syncs.run', { sync });
}
