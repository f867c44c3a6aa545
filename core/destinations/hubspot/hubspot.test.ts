import { expect, test } from 'vitest';
import { modelRows, expectRowsEqual } from '../../testing/destinationEqualsModel.js';
import { runDuckDb } from '../../testing/duckdbFile.js';
import { startTestPostgres } from '../../testing/embeddedPostgres.js';
import type { SyncFixture } from '../../testing/syncFixture.js';
import * as contacts from '../../testing/crmContacts.js';
import { hubspotSettings } from './settings.js';
import { HubspotDestination } from './hubspotDestination.js';
import { hubspotStandInSettings, startHubspotStandIn, type HubspotStandIn } from './standIn.js';
import { closeAfterEach } from '../../testing/closeAfterEach.js';
import { syncPeopleFromPostgres } from '../../testing/peopleFromPostgres.js';

let fixture: SyncFixture | undefined;
let standIn: HubspotStandIn | undefined;
closeAfterEach(() => [standIn, fixture]);

const ROWS = 450;
/** The refused plan is one HubSpot's `plan` property does not list yet. */
const CONTACTS_SQL = `select cast(user_id as varchar) as ebb_id, name as firstname,
  'u' || user_id || '@example.com' as email, score, ${contacts.PLAN_SQL} as plan
  from users`;

async function setup(rows = ROWS): Promise<{ fixture: SyncFixture; standIn: HubspotStandIn }> {
  standIn = await startHubspotStandIn();
  const config = { type: 'hubspot', ...hubspotStandInSettings(standIn) };
  const model = { sql: CONTACTS_SQL, idColumn: 'ebb_id' };
  fixture = await contacts.mirror(rows, model, { name: 'hs', config }, 'to hubspot');
  return { fixture, standIn };
}

const expectHubspotEqualsModel = async (f: SyncFixture, s: HubspotStandIn) =>
  expectRowsEqual(s.byKey('ebb_id'), await modelRows(f.warehouseFile, CONTACTS_SQL, 'ebb_id'));

test('hubspot: first sync upserts in requests of at most 100 with trace ids; refused inputs and a 429; the retry sync sends exactly the refused ones', async () => {
  const { fixture: f, standIn: s } = await setup();
  // One 429 of the ten-secondly limit: its retry waits 10 s (rateLimit.ts).
  s.rateLimitNext(1);
  const first = await f.call('syncs.run', { sync: 'to hubspot' });
  const refused = contacts.refusedIds(ROWS);
  expect(first).toMatchObject({
    status: 'partial',
    delivered: ROWS - refused.length,
    failed: refused.length,
  });
  expect(first.errors[0]?.reason).toMatch(
    /^HubSpot: VALIDATION_ERROR: Property values were not valid: .*enterprise was not one of the allowed options/,
  );
  expect(first.errors.map((e) => e.id).sort()).toEqual([...refused].sort());

  const upserts = s.requests.filter((r) => r.path.endsWith('/batch/upsert'));
  // The 429 answered, then retried: every request carried at most 100 inputs.
  expect(upserts.length).toBe(Math.ceil(ROWS / 100) + 1);
  for (const request of upserts) {
    expect(request.headers.authorization).toBe(`Bearer ${s.accessToken}`);
    const body = JSON.parse(request.body) as {
      inputs: {
        id: unknown;
        idProperty: string;
        objectWriteTraceId: string;
        properties: Record<string, unknown>;
      }[];
    };
    expect(body.inputs.length).toBeLessThanOrEqual(100);
    expect(new Set(body.inputs.map((i) => i.objectWriteTraceId)).size).toBe(body.inputs.length);
    for (const input of body.inputs) {
      expect(typeof input.id).toBe('string');
      expect(input.idProperty).toBe('ebb_id');
      for (const value of Object.values(input.properties)) expect(typeof value).toBe('string');
    }
  }

  // The HubSpot admin adds the option; nothing changed in the warehouse.
  s.addOption('plan', 'enterprise');
  const sentBefore = s.upserted.length;
  const retry = await f.call('syncs.run', { sync: 'to hubspot' });
  expect(retry).toMatchObject({ status: 'succeeded', delivered: refused.length, failed: 0 });
  expect(s.upserted.slice(sentBefore).sort()).toEqual([...refused].sort());
  await expectHubspotEqualsModel(f, s);
});

test('hubspot: a mirror sync archives deleted contacts (looked up by idProperty) and leaves HubSpot equal to the model row by row', async () => {
  const { fixture: f, standIn: s } = await setup(200);
  s.addOption('plan', 'enterprise');
  const run = await contacts.mirrorAfterChanges(f, 'to hubspot');
  expect(run.status).toBe('succeeded');
  expect(run.changes).toEqual({ new: 30, updated: expect.any(Number), deleted: 29 });
  expect(s.archived).toHaveLength(29);
  const reads = s.requests.filter((r) => r.path.endsWith('/batch/read'));
  expect(JSON.parse(reads[0]!.body)).toMatchObject({ idProperty: 'ebb_id' });
  await expectHubspotEqualsModel(f, s);
});

test('hubspot: a wrong access token fails the run naming accessToken; nothing delivered, nothing leaked', async () => {
  const { fixture: f, standIn: s } = await setup(120);
  await contacts.expectWrongTokenFails(
    f,
    { destination: 'hs', sync: 'to hubspot' },
    { token: 'pat-na1-wrong-token-9999', secretPart: 'wrong-token-9999' },
    /HubSpot refused the access token.*accessToken setting/,
  );
  expect(s.byKey('ebb_id').size).toBe(0);
});

test('hubspot: from PostgreSQL, the first sync leaves HubSpot equal to the model', async () => {
  const server = await startTestPostgres();
  try {
    const { fixture: f, standIn: s } = await setup(10);
    s.addOption('plan', 'enterprise');
    const { run, expected } = await syncPeopleFromPostgres(f.call, server.url, {
      rows: 300,
      sql: `select cast(user_id as text) as ebb_id, name as firstname, 'p' || user_id || '@example.com' as email, score, 'pro' as plan from people`,
      idColumn: 'ebb_id',
      destination: 'hs',
      sync: 'pg to hubspot',
    });
    expect(run).toMatchObject({ status: 'succeeded', delivered: 300, failed: 0 });
    expectRowsEqual(s.byKey('ebb_id'), expected);
  } finally {
    await server.stop();
  }
});

test('hubspot: a value over 65,536 characters is rejected before sending; listFields marks idProperty required', async () => {
  standIn = await startHubspotStandIn();
  const dest = new HubspotDestination(
    hubspotSettings().parse({
      endpoint: standIn.url,
      accessToken: standIn.accessToken,
      idProperty: 'ebb_id',
    }),
  );
  try {
    await dest.open({ runId: 'r', syncName: 's' });
    const result = await dest.send([
      { op: 'new', id: 'a', record: { ebb_id: 'a', firstname: 'x'.repeat(65_537) } },
      { op: 'new', id: 'b', record: { ebb_id: 'b', firstname: 'ok', score: 3 } },
    ]);
    expect(result.delivered).toEqual(['b']);
    expect(result.rejected).toEqual([
      {
        id: 'a',
        reason: expect.stringMatching(
          /firstname is 65537 characters, over HubSpot's limit of 65536/,
        ),
      },
    ]);
    expect(standIn.upserted).toEqual(['b']);
    await dest.testConnection();
    const fields = await dest.listFields();
    expect(fields.find((field) => field.name === 'ebb_id')).toMatchObject({ required: true });
    expect(fields.find((field) => field.name === 'email')).toMatchObject({ required: false });
    expect(fields.some((field) => field.name === 'hs_object_id')).toBe(false);
  } finally {
    await dest.close();
  }
});

test('hubspot: a 429 of the ten-secondly limit waits 10 s (HubSpot sends no Retry-After), then delivers', async () => {
  standIn = await startHubspotStandIn();
  let now = 1_800_000_000_000;
  const slept: number[] = [];
  const deps = {
    now: () => now,
    random: () => 0,
    sleep: (ms: number) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
  const dest = new HubspotDestination(
    hubspotSettings().parse(hubspotStandInSettings(standIn)),
    deps,
  );
  try {
    await dest.open({ runId: 'r', syncName: 's' });
    standIn.rateLimitNext(1);
    const result = await dest.send([
      { op: 'new', id: 'a', record: { ebb_id: 'a', firstname: 'x' } },
    ]);
    expect(result.delivered).toEqual(['a']);
    expect(slept).toEqual([10_000]);
  } finally {
    await dest.close();
  }
});

test('hubspot: a token that expires after the first request of a batch fails the run naming accessToken; what that request wrote stays in doubt, so once a fresh token is set HubSpot ends equal to the model', async () => {
  const { fixture: f, standIn: s } = await setup(200);
  s.addOption('plan', 'enterprise');
  expect(await f.call('syncs.run', { sync: 'to hubspot' })).toMatchObject({ delivered: 200 });
  // One batch of 500: two batch/upsert requests (120 edited, 5 new), then the deletes.
  await runDuckDb(
    f.warehouseFile,
    "update users set name = 'edited' where user_id < 120",
    'delete from users where user_id between 150 and 154',
    "insert into users select range, 'new ' || range, 1.5 from range(300, 305)",
  );
  s.expireTokenAfter(1);
  const broken = await f.call('syncs.run', { sync: 'to hubspot' });
  expect(broken).toMatchObject({ status: 'failed', delivered: 0 });
  expect(broken.message).toMatch(/HubSpot refused the access token.*accessToken setting/);
  expect(s.byKey('ebb_id').get('3')).toMatchObject({ firstname: 'edited' });

  await f.call('destinations.update', {
    destination: 'hs',
    settings: { accessToken: s.accessToken },
  });
  // The edits and the new contacts are taken back: only the in-doubt note sends them again.
  await runDuckDb(
    f.warehouseFile,
    "update users set name = 'user ' || user_id where user_id < 120",
    'delete from users where user_id >= 300',
  );
  const next = await f.call('syncs.run', { sync: 'to hubspot' });
  expect(next.status, next.message).toBe('succeeded');
  await expectHubspotEqualsModel(f, s);
});
