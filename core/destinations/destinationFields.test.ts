import { expect, test } from 'vitest';
import { syncFixture, type SyncFixture } from '../testing/syncFixture.js';
import type { StandInServer } from './http/standInServer.js';
import {
  hubspotStandInSettings,
  startHubspotStandIn,
  type HubspotStandIn,
} from './hubspot/standIn.js';
import {
  salesforceStandInSettings,
  startSalesforceStandIn,
  type SalesforceStandIn,
} from './salesforce/standIn.js';

type StandIn = Pick<StandInServer, 'requests' | 'close'>;
import { closeAfterEach } from '../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
const closers: (() => Promise<void>)[] = [];
closeAfterEach(() => [...closers.splice(0).map((close) => ({ close })), fixture]);

/**
 * destinations.fields of a destination `config` pointed at a stand-in started for the test, and
 * the requests the stand-in received (`METHOD path`).
 */
async function fieldsFromStandIn<S extends StandIn>(
  start: () => Promise<S>,
  config: (standIn: S) => { type: string; [setting: string]: unknown },
) {
  fixture = await syncFixture(1);
  const standIn = await start();
  closers.push(() => standIn.close());
  await fixture.call('destinations.add', { name: 'dest', config: config(standIn) });
  const { fields } = await fixture.call('destinations.fields', { destination: 'dest' });
  return { fields, requests: standIn.requests.map((r) => `${r.method} ${r.path}`) };
}

test('destinations.fields asks HubSpot for its properties: writable ones, idProperty required and filled from the id', async () => {
  const { fields, requests } = await fieldsFromStandIn(startHubspotStandIn, (hubspot) => ({
    type: 'hubspot',
    ...hubspotStandInSettings(hubspot),
  }));
  expect(requests).toEqual(['GET /crm/v3/properties/contacts']);
  expect(fields?.map((f) => f.name)).toEqual([
    'email',
    'firstname',
    'lastname',
    'ebb_id',
    'score',
    'plan',
  ]);
  expect(fields?.find((f) => f.name === 'ebb_id')).toMatchObject({ required: true, fromId: true });
  expect(fields?.find((f) => f.name === 'plan')).toMatchObject({
    type: 'enumeration',
    required: false,
  });
});

test('destinations.fields reads Salesforce describe: required = createable, not nillable, not defaulted; the External ID marked', async () => {
  const salesforce = (standIn: SalesforceStandIn) => ({
    type: 'salesforce',
    ...salesforceStandInSettings(standIn),
  });
  const { fields, requests } = await fieldsFromStandIn(startSalesforceStandIn, salesforce);
  expect(requests).toEqual(['GET /services/data/v62.0/sobjects/Contact/describe']);
  const required = fields?.filter((f) => f.required).map((f) => f.name);
  // Id is not createable; LastName is not nillable and has no default: required on create.
  expect(required).toEqual(['Ebb_Id__c', 'LastName']);
  expect(fields?.find((f) => f.name === 'Ebb_Id__c')).toMatchObject({ fromId: true });
  expect(fields?.find((f) => f.name === 'LastName')).toMatchObject({ label: 'Last Name' });
  expect(fields?.some((f) => f.name === 'Id')).toBe(false);
});

test("destinations.fields offers Braze's documented standard attributes; a file destination cannot list fields", async () => {
  fixture = await syncFixture(1);
  await fixture.call('destinations.add', {
    name: 'braze',
    config: { type: 'braze', apiKey: 'k-123456', endpoint: 'http://127.0.0.1:9' },
  });
  await fixture.call('destinations.add', {
    name: 'folder',
    config: { type: 'file', path: fixture.home },
  });
  const braze = await fixture.call('destinations.fields', { destination: 'braze' });
  expect(braze.fields?.map((f) => f.name)).toEqual(
    expect.arrayContaining(['first_name', 'last_name', 'email', 'phone', 'dob', 'country']),
  );
  expect(braze.fields?.some((f) => f.required)).toBe(false);
  expect(braze.fields?.some((f) => f.name === 'external_id')).toBe(false);
  expect(await fixture.call('destinations.fields', { destination: 'folder' })).toEqual({
    fields: null,
  });
});

test('destinations.fields names the setting to fix when HubSpot refuses the token', async () => {
  const wrongToken = (hubspot: HubspotStandIn) => ({
    type: 'hubspot',
    ...hubspotStandInSettings(hubspot),
    accessToken: 'pat-na1-wrong',
  });
  await expect(fieldsFromStandIn(startHubspotStandIn, wrongToken)).rejects.toThrow(/accessToken/);
});
