import { expect, test } from 'vitest';
import { storeBefore } from '../../testing/storeBefore.js';
import { homePerTest } from '../../testing/homePerTest.js';
import { openStore } from '../openStore.js';

const tempHome = homePerTest();

test('0013: the alert rules 0011 kept as per-sync JSON become rule rows; the JSON column goes', () => {
  const home = tempHome();
  // A store as an Ebb before alerts left it: migrations up to 0011, one sync with alert JSON.
  const raw = storeBefore(home, 12);
  raw.exec(`
    insert into warehouses (id, name, kind, config, location, created_at) values ('w', 'wh', 'duckdb', '{}', 'x', 'then');
    insert into models (id, name, warehouse_id, sql, id_column, created_at, updated_at) values ('m', 'm', 'w', 'select 1 as id', 'id', 'then', 'then');
    insert into destinations (id, name, kind, config, display, created_at) values ('d', 'd', 'file', '{}', 'x', 'then');
    insert into syncs (id, name, model_id, destination_id, created_at, updated_at) values ('s1', 'one', 'm', 'd', 'then', 'then'), ('s2', 'two', 'm', 'd', 'then', 'then');
    insert into sync_ops (sync_id, retry_syncs, alerts) values
      ('s1', 3, '{"onFailure":true,"failureRate":0.25,"idleRuns":4,"planUsage":false,"slackWebhookUrl":"https://hooks.slack.com/services/T/B/x"}'),
      ('s2', null, '{}');
  `);
  raw.close();

  const db = openStore(home);
  expect(
    db.prepare('select sync_id, kind, threshold, channels from alert_rules order by kind').all(),
  ).toEqual([
    { sync_id: 's1', kind: 'failure', threshold: null, channels: null },
    { sync_id: 's1', kind: 'failure-rate', threshold: 0.25, channels: null },
    { sync_id: 's1', kind: 'idle', threshold: 4, channels: null },
  ]);
  expect(db.prepare('select * from sync_ops order by sync_id').all()).toEqual([
    {
      sync_id: 's1',
      retry_syncs: 3,
      retry_days: null,
      log_to_warehouse: 0,
      log_retention_days: null,
    },
    {
      sync_id: 's2',
      retry_syncs: null,
      retry_days: null,
      log_to_warehouse: 0,
      log_retention_days: null,
    },
  ]);
  db.close();
});
