import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { startBrazeStandIn } from '../destinations/braze/standIn.js';
import { startStandInServer } from '../destinations/http/standInServer.js';
import { hubspotStandInSettings, startHubspotStandIn } from '../destinations/hubspot/standIn.js';
import { startMixpanelStandIn } from '../destinations/mixpanel/standIn.js';
import {
  salesforceStandInSettings,
  startSalesforceStandIn,
} from '../destinations/salesforce/standIn.js';
import { startSegmentStandIn } from '../destinations/segment/standIn.js';
import type { RequestPreview } from '../destinations/types.js';
import { runDuckDb } from '../testing/duckdbFile.js';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';
import type { FieldMapping } from '../types.js';
import { closeAfterEach } from '../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
const closers: (() => Promise<void>)[] = [];
closeAfterEach(() => [...closers.splice(0).map((close) => ({ close })), fixture]);

interface Received {
  method: string;
  path: string;
  body: string;
}

/** One destination type against the service it speaks to, and what that service received. */
interface Case {
  type: string;
  start(): Promise<{
    settings: Record<string, unknown>;
    received: () => Received[];
    /** Credentials the preview masks as `***`. */
    secrets: string[];
    close: () => Promise<void>;
  }>;
  model?: { sql: string; idColumn: string };
  mapping?: FieldMapping;
}

type Started = Awaited<ReturnType<Case['start']>>;

/** A running stand-in as a case uses it: the settings pointing at it and the secrets it masks. */
const serving = (
  s: { requests: Received[]; close: () => Promise<void> },
  settings: Record<string, unknown>,
  secrets: string[],
): Started => ({ settings, received: () => s.requests, secrets, close: s.close });

/** A Braze stand-in (closed after the test) and destination `d` pointing at it. */
async function addBrazeDestinationD(call: SyncFixture['call']) {
  const braze = await startBrazeStandIn();
  closers.push(braze.close);
  await call('destinations.add', {
    name: 'd',
    config: { type: 'braze', apiKey: braze.apiKey, endpoint: braze.url },
  });
  return braze;
}

const quickRetry = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

const CASES: Case[] = [
  {
    type: 'braze',
    async start() {
      const s = await startBrazeStandIn();
      return serving(s, { apiKey: s.apiKey, endpoint: s.url }, [s.apiKey]);
    },
    mapping: {
      fields: [
        { source: 'name', target: 'first_name' },
        { source: 'score', target: 'score' },
      ],
    },
  },
  {
    type: 'segment',
    async start() {
      const s = await startSegmentStandIn();
      return serving(s, { writeKey: s.writeKey, endpoint: s.url }, [
        Buffer.from(`${s.writeKey}:`).toString('base64'),
      ]);
    },
  },
  {
    type: 'mixpanel',
    async start() {
      const s = await startMixpanelStandIn();
      return serving(s, { projectToken: s.token, endpoint: s.url }, [s.token]);
    },
  },
  {
    type: 'hubspot',
    async start() {
      const s = await startHubspotStandIn();
      return serving(s, hubspotStandInSettings(s), [s.accessToken]);
    },
    model: {
      sql: 'select cast(user_id as varchar) as ebb_id, name as firstname, score from users',
      idColumn: 'ebb_id',
    },
  },
  {
    type: 'salesforce',
    async start() {
      const s = await startSalesforceStandIn();
      return serving(s, salesforceStandInSettings(s), [s.accessToken]);
    },
    model: {
      sql: `select cast(user_id as varchar) as Ebb_Id__c, name || ', "Jr"' as LastName, score as Score__c from users`,
      idColumn: 'Ebb_Id__c',
    },
  },
  {
    type: 'webhook',
    async start() {
      const s = await startStandInServer(() => ({ status: 200, body: {} }));
      const token = 'Bearer hook-secret-0001';
      return serving(s, { url: `${s.url}/hook`, headers: { Authorization: token } }, [token]);
    },
  },
];

/** The request the service received for a previewed one (`:jobId` stands for the job's id). */
function receivedFor(preview: RequestPreview, received: Received[]): Received | undefined {
  const pattern = new RegExp(
    `^${new URL(preview.target).pathname.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(':jobId', '[^/]+')}$`,
  );
  return received.find((r) => r.method === preview.method && pattern.test(r.path));
}

const masked = (text: string, secrets: string[]) =>
  secrets.reduce((out, secret) => out.split(secret).join('***'), text);

test.each(CASES)(
  '$type: the test record is byte for byte the request the service then receives',
  async (c) => {
    fixture = await syncFixture(3);
    const { call } = fixture;
    const service = await c.start();
    closers.push(service.close);
    if (c.model) await call('models.add', { name: 'm', warehouse: 'wh', ...c.model });
    await call('destinations.add', {
      name: 'd',
      config: { type: c.type, ...service.settings, retry: quickRetry },
    });
    await call('syncs.add', {
      name: 's',
      model: c.model ? 'm' : 'users',
      destination: 'd',
      mode: 'mirror',
      maxRecords: 1,
      ...(c.mapping ? { mapping: c.mapping } : {}),
    });

    // Nothing synced yet: the next change is the first record, as new.
    const shown = await call('syncs.testRecord', { sync: 's' });
    expect(shown).toMatchObject({ source: 'pending', destinationType: c.type });
    expect(shown.change).toMatchObject({ op: 'new', id: '0' });
    if (c.mapping) expect(Object.keys(shown.change.record)).toEqual(['first_name', 'score']);
    expect(shown.requests.length).toBeGreaterThan(0);
    const shownText = JSON.stringify(shown);
    for (const secret of service.secrets) expect(shownText).not.toContain(secret);

    // Sent for real (the cap of 1 sends just that record): each request matches the preview.
    const run = await call('syncs.run', { sync: 's' });
    expect(run, run.message).toMatchObject({ status: 'succeeded', delivered: 1 });
    let compared = 0;
    for (const request of shown.requests) {
      const got = receivedFor(request, service.received());
      if (!got) continue;
      compared++;
      expect(request.body).toBe(
        masked(got.body, service.secrets).split(run.runId).join('next-run'),
      );
    }
    expect(compared).toBeGreaterThan(0);

    // Everything sent: the test record is the model's first row again, as an update would send it.
    await call('syncs.update', { sync: 's', maxRecords: 150_000_000 });
    await call('syncs.run', { sync: 's' });
    const again = await call('syncs.testRecord', { sync: 's' });
    expect(again).toMatchObject({ source: 'model', change: { op: 'updated', id: '0' } });
  },
);

test('braze: a deleted record previews the /users/delete request the service then receives', async () => {
  fixture = await syncFixture(2);
  const { call } = fixture;
  const braze = await addBrazeDestinationD(call);
  await call('syncs.add', { name: 's', model: 'users', destination: 'd', mode: 'mirror' });
  await call('syncs.run', { sync: 's' });
  await runDuckDb(fixture.warehouseFile, 'delete from users where user_id = 1');
  const shown = await call('syncs.testRecord', { sync: 's' });
  expect(shown.change).toEqual({
    op: 'deleted',
    id: '1',
    record: { __segment_id: 1, user_id: null, name: null, score: null },
  });
  expect(shown.requests.map((r) => r.step)).toEqual(['POST /users/delete']);
  expect(shown.requests[0]!.headers).toMatchObject({ authorization: 'Bearer ***' });
  await call('syncs.run', { sync: 's' });
  const got = braze.requests.find((r) => r.path === '/users/delete');
  expect(shown.requests[0]!.body).toBe(got?.body);
  expect(JSON.parse(shown.requests[0]!.body)).toEqual({ external_ids: ['1'] });
});

test('file: the test record is the CSV header and row the run file then holds', async () => {
  fixture = await syncFixture(1);
  const { call, home } = fixture;
  const folder = path.join(home, 'out');
  await call('destinations.add', {
    name: 'd',
    config: { type: 'file', path: folder, format: 'csv' },
  });
  await call('syncs.add', { name: 's', model: 'users', destination: 'd' });
  const shown = await call('syncs.testRecord', { sync: 's' });
  expect(shown.requests[0]).toMatchObject({ method: 'WRITE', contentType: 'text/csv' });
  await call('syncs.run', { sync: 's' });
  const [file] = fs.readdirSync(folder);
  expect(shown.requests[0]!.body).toBe(fs.readFileSync(path.join(folder, file!), 'utf8'));
});

test('a record over the service limit is shown as rejected, with no request', async () => {
  fixture = await syncFixture(1);
  const { call } = fixture;
  await runDuckDb(fixture.warehouseFile, `update users set name = repeat('x', 70000)`);
  await call('destinations.add', {
    name: 'd',
    config: {
      type: 'hubspot',
      accessToken: 'pat-unused-000',
      endpoint: 'http://127.0.0.1:9',
      idProperty: 'user_id',
    },
  });
  await call('syncs.add', { name: 's', model: 'users', destination: 'd' });
  const shown = await call('syncs.testRecord', { sync: 's' });
  expect(shown.requests).toEqual([]);
  expect(shown.rejected).toMatch(/property name is 70000 characters, over HubSpot's limit/);
});

test('an unsaved mapping is shown instead of the saved one (a new mapping starts fresh), and nothing is saved', async () => {
  fixture = await syncFixture(2);
  const { call } = fixture;
  await addBrazeDestinationD(call);
  await call('syncs.add', { name: 's', model: 'users', destination: 'd' });
  await call('syncs.run', { sync: 's' });
  expect(await call('syncs.testRecord', { sync: 's' })).toMatchObject({ source: 'model' });

  const mapping = { fields: [{ source: 'name', target: 'first_name' }] };
  const shown = await call('syncs.testRecord', { sync: 's', mapping });
  expect(shown).toMatchObject({ source: 'pending', change: { op: 'new', id: '0' } });
  expect(JSON.parse(shown.requests[0]!.body)).toEqual({
    attributes: [{ first_name: 'user 0', external_id: '0' }],
  });
  const [sync] = await call('syncs.list', {});
  expect(sync!.mapping).toBeNull();
  // A mapping naming a column the model lacks is refused, as saving it would be.
  await expect(
    call('syncs.testRecord', { sync: 's', mapping: { fields: [{ source: 'nope', target: 'x' }] } }),
  ).rejects.toThrow(/column "nope"/);
});
