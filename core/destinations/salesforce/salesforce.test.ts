import { expect, test } from 'vitest';
import { expectRowsEqual, modelRows } from '../../testing/destinationEqualsModel.js';
import { runDuckDb } from '../../testing/duckdbFile.js';
import { startTestPostgres } from '../../testing/embeddedPostgres.js';
import type { SyncFixture } from '../../testing/syncFixture.js';
import * as contacts from '../../testing/crmContacts.js';
import { parseCsv } from './csv.js';
import { SalesforceDestination } from './salesforceDestination.js';
import { salesforceSettings } from './settings.js';
import {
  salesforceStandInSettings,
  startSalesforceStandIn,
  uploadTooLarge,
  type SalesforceStandIn,
} from './standIn.js';
import { SALESFORCE_MAX_UPLOAD_BYTES } from './limits.js';
import { closeAfterEach } from '../../testing/closeAfterEach.js';
import { syncPeopleFromPostgres } from '../../testing/peopleFromPostgres.js';

let fixture: SyncFixture | undefined;
let standIn: SalesforceStandIn | undefined;
closeAfterEach(() => [standIn, fixture]);

const ROWS = 300;
/** The refused plan is one the restricted picklist Plan__c does not list yet. */
const CONTACTS_SQL = `select cast(user_id as varchar) as Ebb_Id__c, name as LastName,
  'u' || user_id || '@example.com' as Email, score as Score__c, ${contacts.PLAN_SQL} as Plan__c
  from users`;

async function setup(rows = ROWS, batchSize = 100) {
  standIn = await startSalesforceStandIn();
  const config = { type: 'salesforce', ...salesforceStandInSettings(standIn), batchSize };
  const model = { sql: CONTACTS_SQL, idColumn: 'Ebb_Id__c' };
  fixture = await contacts.mirror(rows, model, { name: 'sf', config }, 'to salesforce');
  return { f: fixture, s: standIn };
}

const expectSalesforceEqualsModel = async (f: SyncFixture, s: SalesforceStandIn) =>
  expectRowsEqual(
    s.byExternalId('Ebb_Id__c'),
    await modelRows(f.warehouseFile, CONTACTS_SQL, 'Ebb_Id__c'),
  );

test('salesforce: first sync as upsert jobs (one CSV upload each); refused rows from failedResults and a 503; the retry sync sends exactly the refused ones', async () => {
  const { f, s } = await setup();
  s.unavailableNext(2);
  const first = await f.call('syncs.run', { sync: 'to salesforce' });
  const refused = contacts.refusedIds(ROWS);
  expect(first, first.message).toMatchObject({
    status: 'partial',
    delivered: ROWS - refused.length,
    failed: refused.length,
  });
  expect(first.errors.map((e) => e.id).sort()).toEqual([...refused].sort());
  expect(first.errors[0]?.reason).toMatch(
    /^Salesforce: INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST:Plan__c: bad value for restricted picklist field: enterprise/,
  );
  // Three jobs of 100 records, each created, uploaded once and closed; the 503s were retried.
  expect(s.jobs).toHaveLength(3);
  expect(s.jobs.every((j) => j.operation === 'upsert' && j.uploads === 1)).toBe(true);
  const creates = s.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/jobs/ingest'));
  expect(JSON.parse(creates.at(-1)!.body)).toEqual({
    object: 'Contact',
    operation: 'upsert',
    externalIdFieldName: 'Ebb_Id__c',
    contentType: 'CSV',
    lineEnding: 'LF',
  });
  const upload = s.requests.find((r) => r.method === 'PUT')!;
  expect(upload.headers['content-type']).toBe('text/csv');
  expect(upload.headers.authorization).toBe(`Bearer ${s.accessToken}`);
  expect(parseCsv(upload.body)[0]).toEqual([
    'Ebb_Id__c',
    'LastName',
    'Email',
    'Score__c',
    'Plan__c',
  ]);

  s.addPicklistValue('Plan__c', 'enterprise');
  const sentBefore = s.upserted.length;
  const retry = await f.call('syncs.run', { sync: 'to salesforce' });
  expect(retry, retry.message).toMatchObject({
    status: 'succeeded',
    delivered: refused.length,
    failed: 0,
  });
  expect(s.upserted.slice(sentBefore).sort()).toEqual([...refused].sort());
  await expectSalesforceEqualsModel(f, s);
});

test('salesforce: a mirror sync deletes by Ids looked up with SOQL, leaving Salesforce equal to the model row by row', async () => {
  const { f, s } = await setup(200, 1000);
  s.addPicklistValue('Plan__c', 'enterprise');
  const run = await contacts.mirrorAfterChanges(f, 'to salesforce');
  expect(run, run.message).toMatchObject({ status: 'succeeded', failed: 0 });
  expect(run.changes).toMatchObject({ new: 30, deleted: 29 });
  expect(s.deleted).toHaveLength(29);
  expect(s.jobs.filter((j) => j.operation === 'delete')).toHaveLength(1);
  const lookup = s.requests.find((r) => r.path.endsWith('/query'))!;
  expect(lookup.query.get('q')).toMatch(
    /^SELECT Id, Ebb_Id__c FROM Contact WHERE Ebb_Id__c IN \('\d+'(,'\d+'){28}\)$/,
  );
  await expectSalesforceEqualsModel(f, s);
});

test('salesforce: a wrong access token fails the run naming accessToken; REQUEST_LIMIT_EXCEEDED fails the batch, not the credential', async () => {
  const { f, s } = await setup(120, 1000);
  s.addPicklistValue('Plan__c', 'enterprise');
  s.limitExceededNext(1);
  const limited = await f.call('syncs.run', { sync: 'to salesforce' });
  expect(limited).toMatchObject({ status: 'failed', delivered: 0, failed: 120 });
  expect(limited.errors[0]?.reason).toMatch(/REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded/);

  await contacts.expectWrongTokenFails(
    f,
    { destination: 'sf', sync: 'to salesforce' },
    { token: '00Dwrong!token-value-9999', secretPart: 'token-value-9999' },
    /Salesforce refused the access token.*accessToken setting/,
  );
  expect(s.byExternalId('Ebb_Id__c').size).toBe(0);
});

test('salesforce: when no job state comes back after the upload closed, the records are in doubt: reverted in the model, the next sync still resends them', async () => {
  const { f, s } = await setup(150, 1000);
  s.addPicklistValue('Plan__c', 'enterprise');
  expect(await f.call('syncs.run', { sync: 'to salesforce' })).toMatchObject({ delivered: 150 });
  await runDuckDb(f.warehouseFile, "update users set name = 'edited' where user_id < 40");
  // Every attempt of the kit (6) loses its answer; the job runs on at Salesforce regardless.
  s.losePollsNext(6);
  const lost = await f.call('syncs.run', { sync: 'to salesforce' });
  expect(lost).toMatchObject({ delivered: 0, failed: 40 });
  expect(lost.errors[0]?.reason).toMatch(
    /job state: .*UNKNOWN_EXCEPTION.*gave up after 6 attempts/,
  );
  expect(s.byExternalId('Ebb_Id__c').get('3')).toMatchObject({ LastName: 'edited' });
  // The analyst reverts the edit: the model equals the last acknowledged state again, yet
  // Salesforce holds the edit, so only the in-doubt mark makes the next sync send them.
  await runDuckDb(f.warehouseFile, "update users set name = 'user ' || user_id where user_id < 40");
  const sent = s.upserted.length;
  const next = await f.call('syncs.run', { sync: 'to salesforce' });
  expect(next, next.message).toMatchObject({ status: 'succeeded', delivered: 40, failed: 0 });
  expect(s.upserted.length - sent).toBe(40);
  await expectSalesforceEqualsModel(f, s);
});

test('salesforce: from PostgreSQL, the first sync leaves Salesforce equal to the model', async () => {
  const server = await startTestPostgres();
  try {
    const { f, s } = await setup(10, 1000);
    const { run, expected } = await syncPeopleFromPostgres(f.call, server.url, {
      rows: 250,
      sql: `select cast(user_id as text) as "Ebb_Id__c", name as "LastName", 'p' || user_id || '@example.com' as "Email", score as "Score__c", 'pro' as "Plan__c" from people`,
      idColumn: 'Ebb_Id__c',
      destination: 'sf',
      sync: 'pg to salesforce',
    });
    expect(run, run.message).toMatchObject({ status: 'succeeded', delivered: 250, failed: 0 });
    expectRowsEqual(s.byExternalId('Ebb_Id__c'), expected);
  } finally {
    await server.stop();
  }
});

test('salesforce: a field over 32,000 characters is rejected before sending; listFields marks the External ID and required fields', async () => {
  standIn = await startSalesforceStandIn();
  const dest = new SalesforceDestination(
    salesforceSettings().parse(salesforceStandInSettings(standIn)),
  );
  try {
    await dest.open({ runId: 'r', syncName: 's' });
    const result = await dest.send([
      { op: 'new', id: 'a', record: { LastName: 'x'.repeat(32_001) } },
      { op: 'new', id: 'b', record: { LastName: 'O"Neil, "Jr"', Score__c: null } },
    ]);
    expect(result.delivered).toEqual(['b']);
    expect(result.rejected).toEqual([
      {
        id: 'a',
        reason: expect.stringMatching(
          /LastName is 32001 characters, over Bulk API 2.0's limit of 32000/,
        ),
      },
    ]);
    expect(standIn.byExternalId('Ebb_Id__c').get('b')).toEqual({
      Ebb_Id__c: 'b',
      LastName: 'O"Neil, "Jr"',
    });
    await dest.testConnection();
    const fields = await dest.listFields();
    expect(fields.find((x) => x.name === 'Ebb_Id__c')).toMatchObject({ required: true });
    expect(fields.find((x) => x.name === 'LastName')).toMatchObject({ required: true });
    expect(fields.find((x) => x.name === 'Email')).toMatchObject({ required: false });
    expect(fields.some((x) => x.name === 'Id')).toBe(false);
  } finally {
    await dest.close();
  }
});

test("salesforce stand-in: an upload counts against 150 MB once base64-encoded, which the destination's 100 MB uploads stay under", () => {
  // https://developer.salesforce.com/docs/platform/api-asynch/guide/upload-job-data.html
  expect(uploadTooLarge(112_500_000)).toBe(false);
  expect(uploadTooLarge(112_500_001)).toBe(true);
  expect(uploadTooLarge(SALESFORCE_MAX_UPLOAD_BYTES)).toBe(false);
});

test('salesforce: a job whose successfulResults/ exceed 16 MB (wide records) still has every record delivered, none counted failed as "not processed"', async () => {
  standIn = await startSalesforceStandIn({
    fields: [
      { name: 'Id', type: 'id', createable: false, nillable: false, defaultedOnCreate: true },
      { name: 'Ebb_Id__c', type: 'string', length: 255, externalId: true },
      { name: 'Description', type: 'string', length: 32_000 },
    ],
  });
  const dest = new SalesforceDestination(
    salesforceSettings().parse(salesforceStandInSettings(standIn)),
  );
  try {
    await dest.open({ runId: 'r', syncName: 's' });
    // 600 records of 30,000 characters: an upload of 18 MB, well under Bulk API 2.0's 100 MB,
    // whose successfulResults/ echo every uploaded field.
    const changes = Array.from({ length: 600 }, (_, i) => ({
      op: 'new' as const,
      id: String(i),
      record: { Description: `${i}`.padEnd(30_000, 'x') },
    }));
    const result = await dest.send(changes);
    expect(result.failed).toEqual([]);
    expect(result.delivered).toHaveLength(600);
    expect(standIn.byExternalId('Ebb_Id__c').size).toBe(600);
  } finally {
    await dest.close();
  }
});
