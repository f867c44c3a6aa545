import { describe, expect, test } from 'vitest';
import { startBrazeStandIn } from '../destinations/braze/standIn.js';
import { hubspotStandInSettings, startHubspotStandIn } from '../destinations/hubspot/standIn.js';
import {
  salesforceStandInSettings,
  startSalesforceStandIn,
} from '../destinations/salesforce/standIn.js';
import { startMixpanelStandIn } from '../destinations/mixpanel/standIn.js';
import type { DestinationConfig } from '../destinations/registry.js';
import { startSegmentStandIn } from '../destinations/segment/standIn.js';
import type { Core } from '../createCore.js';
import type { RunSummary } from '../types.js';
import { closeAfterEach } from '../testing/closeAfterEach.js';
import { expectRowsEqual, modelRows } from '../testing/destinationEqualsModel.js';
import { openCore, syncFixture, type Call, type SyncFixture } from '../testing/syncFixture.js';

/**
 * A column dropped from the model must not stay at a destination that merges each update into
 * what it holds (a Mixpanel profile's properties, Braze attributes, Segment traits): it goes as
 * null until every record has gone without it, across runs capped by --max-records and a restart
 * of the process in between (sentFields.ts). A null property counts as no value.
 */
type Row = Record<string, unknown>;
interface Service {
  config: DestinationConfig;
  profiles(): Map<string, Row>;
  close(): Promise<void>;
  /** The model, when not `select * from users` by user_id; `dropped` leaves a column out. */
  model?: { sql: string; dropped: string; idColumn: string };
}

const SERVICES: Record<string, () => Promise<Service>> = {
  mixpanel: async () => {
    const s = await startMixpanelStandIn();
    const config = { type: 'mixpanel', projectToken: s.token, endpoint: s.url };
    return { config, profiles: () => new Map(s.profiles), close: s.close };
  },
  braze: async () => {
    const s = await startBrazeStandIn();
    const config = { type: 'braze', apiKey: s.apiKey, endpoint: s.url };
    const profiles = () =>
      new Map([...s.profiles].map(([id, { external_id: _, ...record }]) => [id, record]));
    return { config, profiles, close: s.close };
  },
  segment: async () => {
    const s = await startSegmentStandIn();
    const config = { type: 'segment', writeKey: s.writeKey, endpoint: s.url };
    return { config, profiles: () => new Map(s.users), close: s.close };
  },
  hubspot: async () => {
    const s = await startHubspotStandIn();
    const config = { type: 'hubspot', ...hubspotStandInSettings(s) };
    const model = {
      sql: 'select cast(user_id as varchar) as ebb_id, name as firstname, score from users',
      dropped: 'select cast(user_id as varchar) as ebb_id, name as firstname from users',
      idColumn: 'ebb_id',
    };
    return { config, profiles: () => s.byKey('ebb_id'), close: s.close, model };
  },
  salesforce: async () => {
    const s = await startSalesforceStandIn();
    const config = { type: 'salesforce', ...salesforceStandInSettings(s) };
    const model = {
      sql: 'select cast(user_id as varchar) as Ebb_Id__c, name as LastName, score as Score__c from users',
      dropped: 'select cast(user_id as varchar) as Ebb_Id__c, name as LastName from users',
      idColumn: 'Ebb_Id__c',
    };
    return { config, profiles: () => s.byExternalId('Ebb_Id__c'), close: s.close, model };
  },
};

const withoutNulls = (profiles: Map<string, Row>) =>
  new Map(
    [...profiles].map(([id, record]) => [
      id,
      Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null)),
    ]),
  );

let fixture: SyncFixture | undefined;
let service: Service | undefined;
let restarted: Core | undefined;
closeAfterEach(() => [restarted, fixture, service]);

/** Runs the capped sync until nothing is pending; answers the runs. */
async function runUntilDone(call: Call): Promise<RunSummary[]> {
  const runs: RunSummary[] = [];
  for (let i = 0; i < 6; i++) {
    const run = await call('syncs.run', { sync: 's' });
    expect(run.status).toBe('succeeded');
    runs.push(run);
    if (run.pending === 0) return runs;
  }
  throw new Error(`still pending after ${runs.length} runs`);
}

describe('a column dropped from the model leaves a destination that merges updates', () => {
  for (const type of Object.keys(SERVICES)) {
    test(`${type}: its values are cleared on every record, over capped runs and a restart`, async () => {
      fixture = await syncFixture(50);
      service = await SERVICES[type]!();
      let { call } = fixture;
      const model = service.model ?? {
        sql: 'select * from users',
        dropped: 'select user_id, name from users',
        idColumn: 'user_id',
      };
      await call('models.update', { model: 'users', sql: model.sql, idColumn: model.idColumn });
      await call('destinations.add', { name: 'd', config: service.config });
      await call('syncs.add', { name: 's', model: 'users', destination: 'd', maxRecords: 20 });
      await runUntilDone(call);
      const { warehouseFile } = fixture;
      expectRowsEqual(
        service.profiles(),
        await modelRows(warehouseFile, model.sql, model.idColumn),
      );

      await call('models.update', { model: 'users', sql: model.dropped });
      const first = await call('syncs.run', { sync: 's' });
      expect(first.delivered).toBe(20);
      expect(first.pending).toBeGreaterThan(0);
      // Another process takes over: what is left to clear is in the store, not in memory.
      fixture.core.close();
      const reopened = openCore(fixture.home);
      restarted = reopened.core;
      call = reopened.call;
      await runUntilDone(call);
      expectRowsEqual(
        withoutNulls(service.profiles()),
        await modelRows(warehouseFile, model.dropped, model.idColumn),
      );
      const after = await call('syncs.run', { sync: 's' });
      expect(after.changes).toEqual({ new: 0, updated: 0, deleted: 0 });
    });
  }
});
