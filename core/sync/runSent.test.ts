import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { SENT_RECORD_CHARS, SENT_SAMPLE_LIMIT } from '../store/runsRepo.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';

let fixture: SyncFixture | undefined;
afterEach(() => fixture?.close());

test('each run keeps a sample of the records it delivered, with ids, as the destination got them', async () => {
  fixture = await syncFixture(120);
  const { call, warehouseFile } = fixture;
  const out = await fixture.fileDestination();
  await call('syncs.add', { name: 'all', model: 'users', destination: 'files' });

  const first = await call('syncs.run', { sync: 'all' });
  expect(first.delivered).toBe(120);
  const sent = await call('runs.sent', { runId: first.runId });
  expect(sent.sampleLimit).toBe(SENT_SAMPLE_LIMIT);
  expect(sent.records).toHaveLength(SENT_SAMPLE_LIMIT);
  // The same records, in the same form, as the first lines of the run's file.
  const lines = fs
    .readFileSync(path.join(out, fs.readdirSync(out)[0]!), 'utf8')
    .trim()
    .split('\n')
    .slice(0, SENT_SAMPLE_LIMIT)
    .map((line) => JSON.parse(line) as { op: string; id: string; record: unknown });
  expect(
    sent.records.map((r) => ({ op: r.op, id: r.id, record: JSON.parse(r.record) as unknown })),
  ).toEqual(lines);
  expect(sent.records.every((r) => !r.cut)).toBe(true);

  // The next run sends two changes (one of them too long to keep whole): the sample is those two.
  const long = 'x'.repeat(SENT_RECORD_CHARS + 10);
  await runDuckDb(warehouseFile, `update users set name = '${long}' where user_id = 7`);
  await runDuckDb(warehouseFile, 'delete from users where user_id = 9');
  await call('syncs.update', { sync: 'all', mode: 'mirror' });
  const second = await call('syncs.run', { sync: 'all' });
  expect(second.delivered).toBe(2);
  const next = await call('runs.sent', { runId: second.runId });
  expect(next.records.map((r) => [r.id, r.op, r.cut])).toEqual(
    expect.arrayContaining([
      ['7', 'updated', true],
      ['9', 'deleted', false],
    ]),
  );
  expect(next.records).toHaveLength(2);
  expect(next.records.find((r) => r.id === '7')!.record).toHaveLength(SENT_RECORD_CHARS);
});
