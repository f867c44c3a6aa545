import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CallInput } from '../api/contract.js';
import { startTestPostgres, type TestPostgres } from '../testing/embeddedPostgres.js';
import { opsFixture } from '../testing/opsFixture.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(async () => {
  await server?.stop();
});

const setUp = (kind: 'duckdb' | 'postgres', db: string, ops: CallInput<'syncs.add'>['ops']) =>
  opsFixture(kind, db, ops, (name) => server.createDatabase(name));

describe.each(['duckdb', 'postgres'] as const)('retry policy on %s', (kind) => {
  test('refused records retried N syncs, then parked (not resent, not metered), replayed one by one and by error', async () => {
    const t = await setUp(kind, 'retry_a', { retrySyncs: 2 });
    try {
      t.mirror.refuse = new Set(['3', '7']);
      const first = await t.call('syncs.run', { sync: 'mirror' });
      expect(first).toMatchObject({ status: 'partial', delivered: 38, failed: 2 });
      expect(await t.call('syncs.quarantine', { sync: 'mirror' })).toMatchObject({
        retrying: 2,
        records: [],
        policy: { retrySyncs: 2, retryDays: 14 },
      });
      const second = await t.call('syncs.run', { sync: 'mirror' });
      expect(second).toMatchObject({ delivered: 0, failed: 2, quarantined: 2 });
      const parked = await t.call('syncs.quarantine', { sync: 'mirror' });
      expect(parked.retrying).toBe(0);
      expect(parked.records.map((r) => [r.recordId, r.op, r.attempts, r.lastError])).toEqual([
        ['3', 'new', 2, 'record 3 refused by the receiver'],
        ['7', 'new', 2, 'record 7 refused by the receiver'],
      ]);

      // Parked: never staged again, so never sent nor counted against usage.
      const used = (await t.call('usage.get', {})).used;
      const sentBefore = t.mirror.received.length;
      const third = await t.call('syncs.run', { sync: 'mirror' });
      expect(third).toMatchObject({ status: 'succeeded', delivered: 0, failed: 0 });
      expect(t.mirror.received.length).toBe(sentBefore);
      expect((await t.call('usage.get', {})).used).toBe(used);
      await t.expectDestination({ '3': 'absent', '7': 'absent' });

      // A parked new record dropped by the model: no delete is sent for what was never held.
      await t.wh.sql('delete from users where user_id = 3');
      const fourth = await t.call('syncs.run', { sync: 'mirror' });
      expect(fourth).toMatchObject({ delivered: 0, failed: 0 });
      expect(t.mirror.received.length).toBe(sentBefore);
      expect(
        (await t.call('syncs.quarantine', { sync: 'mirror' })).records.map((r) => r.recordId),
      ).toEqual(['7']);
      await t.expectDestination({ '7': 'absent' });

      // Fixed at the destination: replay one id; the sync runs and converges.
      t.mirror.refuse.clear();
      const replayed = await t.call('syncs.replay', { sync: 'mirror', ids: ['7'] });
      expect(replayed).toMatchObject({ replayed: 1, run: { status: 'succeeded', delivered: 1 } });
      await t.expectDestination();
      expect((await t.call('syncs.quarantine', { sync: 'mirror' })).records).toEqual([]);

      // An update and a mirror delete refused: parked too, the destination keeping what it had.
      t.mirror.refuse = new Set(['10', '11']);
      await t.wh.sql(
        `update users set name = 'renamed' where user_id = 10`,
        'delete from users where user_id = 11',
      );
      await t.call('syncs.run', { sync: 'mirror' });
      expect(await t.call('syncs.run', { sync: 'mirror' })).toMatchObject({ quarantined: 2 });
      expect(
        (await t.call('syncs.quarantine', { sync: 'mirror' })).records.map((r) => [
          r.recordId,
          r.op,
        ]),
      ).toEqual([
        ['10', 'updated'],
        ['11', 'deleted'],
      ]);
      await t.expectDestination({ '10': 'user 10', '11': 'user 11' });
      expect(await t.call('syncs.run', { sync: 'mirror' })).toMatchObject({
        delivered: 0,
        failed: 0,
      });

      // Replayed by their error text: both go out, and the destination equals the model.
      t.mirror.refuse.clear();
      await expect(t.call('syncs.replay', { sync: 'mirror', ids: ['99'] })).rejects.toThrow(
        /Not in quarantine/,
      );
      const byError = await t.call('syncs.replay', {
        sync: 'mirror',
        error: 'refused by the receiver',
      });
      expect(byError).toMatchObject({ replayed: 2, run: { status: 'succeeded', delivered: 2 } });
      await t.expectDestination();
      expect(await t.call('syncs.run', { sync: 'mirror' })).toMatchObject({
        delivered: 0,
        failed: 0,
      });
    } finally {
      await t.close();
    }
  });

  test('a record refused for D days is parked even before N syncs; a changed one is tried again', async () => {
    const t = await setUp(kind, 'retry_b', { retrySyncs: 100, retryDays: 3 });
    try {
      t.mirror.refuse = new Set(['5']);
      await t.call('syncs.run', { sync: 'mirror' });
      t.advance(1);
      expect(await t.call('syncs.run', { sync: 'mirror' })).toMatchObject({
        failed: 1,
        quarantined: 0,
      });
      t.advance(2);
      expect(await t.call('syncs.run', { sync: 'mirror' })).toMatchObject({
        failed: 1,
        quarantined: 1,
      });
      expect(await t.call('syncs.run', { sync: 'mirror' })).toMatchObject({
        failed: 0,
        delivered: 0,
      });
      // The model changes the parked record: a new version is a new attempt.
      t.mirror.refuse.clear();
      await t.wh.sql(`update users set name = 'fixed' where user_id = 5`);
      expect(await t.call('syncs.run', { sync: 'mirror' })).toMatchObject({
        delivered: 1,
        failed: 0,
      });
      expect((await t.call('syncs.quarantine', { sync: 'mirror' })).records).toEqual([]);
      await t.expectDestination();
    } finally {
      await t.close();
    }
  });
});
