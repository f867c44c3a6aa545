import { expect, test } from 'vitest';
import { stateTables } from './stateTables.js';

test('state table names are readable, distinct per sync, short and quoted', () => {
  const a = stateTables({ syncKey: 'Orders → CRM', stateSchema: '_ebb_reverse_etl' });
  const b = stateTables({ syncKey: 'orders-crm', stateSchema: '_ebb_reverse_etl' });
  expect(a.stateName).toMatch(/^state_orders_crm_[0-9a-f]{10}$/);
  expect(a.stateName).not.toBe(b.stateName);
  const long = stateTables({ syncKey: 'x'.repeat(500), stateSchema: 's' });
  expect(long.stageName.length).toBeLessThanOrEqual(63);
  const evil = stateTables({ syncKey: 'a"; drop table users; --', stateSchema: 'x"y' });
  expect(evil.state).toMatch(/^"x""y"\."state_a_drop_table_users_[0-9a-f]{10}"$/);
});
