import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestPostgres, type TestPostgres } from './embeddedPostgres.js';
import { pgQuery } from './pgQuery.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startTestPostgres();
});
afterAll(async () => {
  await server?.stop();
});

test('a real PostgreSQL server answers on loopback', async () => {
  const rows = await pgQuery<{ v: string }>(server.url, 'select version() as v');
  expect(rows[0]?.v).toMatch(/^PostgreSQL \d+/);
  expect(server.url).toContain('127.0.0.1');
});
