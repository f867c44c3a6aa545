import { expect, test } from 'vitest';
import { closeAfterEach } from '../../testing/closeAfterEach.js';
import * as contacts from '../../testing/crmContacts.js';
import { expectRowsEqual, modelRows } from '../../testing/destinationEqualsModel.js';
import { runDuckDb } from '../../testing/duckdbFile.js';
import type { SyncFixture } from '../../testing/syncFixture.js';
import {
  salesforceStandInSettings,
  startSalesforceStandIn,
  type SalesforceStandIn,
  type SalesforceStep,
} from './standIn.js';

/**
 * An ingest job is several requests, and Salesforce may carry out any of them without its answer
 * reaching Ebb. Whatever step loses its answer, or whatever step the session expires after,
 * Salesforce must end up equal to the model once the model moves on and the next sync runs.
 */
let fixture: SyncFixture | undefined;
let standIn: SalesforceStandIn | undefined;
closeAfterEach(() => [standIn, fixture]);

const SYNC = 'to salesforce';
const CONTACTS_SQL = `select cast(user_id as varchar) as Ebb_Id__c, name as LastName,
  'u' || user_id || '@example.com' as Email, score as Score__c, ${contacts.PLAN_SQL} as Plan__c
  from users`;
/** The retry policy of contacts.mirror: six attempts a request. */
const ATTEMPTS = 6;

async function syncedContacts(): Promise<{ f: SyncFixture; s: SalesforceStandIn }> {
  const s = await startSalesforceStandIn();
  standIn = s;
  s.addPicklistValue('Plan__c', 'enterprise');
  const config = { type: 'salesforce', ...salesforceStandInSettings(s), batchSize: 1000 };
  const f = await contacts.mirror(
    40,
    { sql: CONTACTS_SQL, idColumn: 'Ebb_Id__c' },
    { name: 'sf', config },
    SYNC,
  );
  fixture = f;
  expect(await f.call('syncs.run', { sync: SYNC })).toMatchObject({ delivered: 40 });
  // One batch: an upsert job (10 edited, 5 new), a SOQL lookup and a delete job (5 deleted).
  await runDuckDb(
    f.warehouseFile,
    "update users set name = 'edited' where user_id < 10",
    'delete from users where user_id between 20 and 24',
    "insert into users select range, 'new ' || range, 1.5 from range(300, 305)",
  );
  return { f, s };
}

/**
 * The analyst takes the edits and the new contacts back: the model equals the last acknowledged
 * state again for those, so only what Ebb noted as in doubt makes the next sync heal Salesforce.
 */
async function revertAndConverge(f: SyncFixture, s: SalesforceStandIn) {
  await runDuckDb(
    f.warehouseFile,
    "update users set name = 'user ' || user_id where user_id < 10",
    'delete from users where user_id >= 300',
  );
  const next = await f.call('syncs.run', { sync: SYNC });
  expect(next.status, next.message).toBe('succeeded');
  expectRowsEqual(
    s.byExternalId('Ebb_Id__c'),
    await modelRows(f.warehouseFile, CONTACTS_SQL, 'Ebb_Id__c'),
  );
  const quiet = await f.call('syncs.run', { sync: SYNC });
  expect(quiet.changes).toEqual({ new: 0, updated: 0, deleted: 0 });
}

const STEPS: SalesforceStep[] = [
  'create',
  'upload',
  'close',
  'poll',
  'successfulResults',
  'failedResults',
  'query',
];

test.each(STEPS.flatMap((step) => [1, ATTEMPTS].map((times) => [step, times] as const)))(
  'salesforce: the answer to %s is lost %i time(s): Salesforce ends equal to the model',
  async (step, times) => {
    const { f, s } = await syncedContacts();
    s.dropAnswerNext(step, times);
    const broken = await f.call('syncs.run', { sync: SYNC });
    expect(broken.delivered + broken.failed, broken.message).toBe(20);
    // A lost close answer is settled by asking the job's state: it runs, its results are read.
    if (step === 'close') expect(broken).toMatchObject({ delivered: 20, failed: 0 });
    await revertAndConverge(f, s);
  },
);

test.each<SalesforceStep>(['close', 'poll', 'successfulResults', 'failedResults'])(
  'salesforce: the session expires after the upsert job’s %s: the run fails naming accessToken, and once a fresh token is set Salesforce ends equal to the model',
  async (step) => {
    const { f, s } = await syncedContacts();
    s.expireSessionAfter(step);
    const broken = await f.call('syncs.run', { sync: SYNC });
    expect(broken).toMatchObject({ status: 'failed', delivered: 0 });
    expect(broken.message).toMatch(/accessToken/);
    await f.call('destinations.update', {
      destination: 'sf',
      settings: { accessToken: s.accessToken },
    });
    await revertAndConverge(f, s);
  },
);
