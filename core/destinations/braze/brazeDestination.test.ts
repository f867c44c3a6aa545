import { expect, test } from 'vitest';
import { profileHooks, runScenariosOnStandIn } from '../../testing/saasScenarios.js';
import { syncFixture, type SyncFixture } from '../../testing/syncFixture.js';
import { startBrazeStandIn, type BrazeStandIn } from './standIn.js';
import { closeAfterEach } from '../../testing/closeAfterEach.js';
import { BrazeDestination } from './brazeDestination.js';
import { brazeSettings } from './settings.js';

let fixture: SyncFixture | undefined;
let braze: BrazeStandIn | undefined;
const opened: { close(): unknown }[] = [];
closeAfterEach(() => [braze, fixture, ...opened]);

test('Braze over real HTTP: first sync, refused records and a 429, the retry, a mirror delete, a wrong key', async () => {
  const { standIn: stand } = await runScenariosOnStandIn(opened, startBrazeStandIn, (stand) => ({
    type: 'braze',
    credentialSetting: 'apiKey',
    settings: () => ({ apiKey: stand.apiKey, endpoint: stand.url }),
    ...profileHooks(stand, (id) => `refused value for ${id}: 'name' is not a valid string`),
  }));
  // Ids go out as strings (Braze types external_id as a string), at most 75 objects a request.
  expect([...stand.profiles.keys()].every((id) => typeof id === 'string')).toBe(true);
});

test('Braze: a 429 waits until X-RateLimit-Reset (Braze sends no Retry-After), then delivers', async () => {
  const t0 = 1_800_000_000_000;
  let now = t0;
  const slept: number[] = [];
  const deps = {
    now: () => now,
    random: () => 0,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
  };
  let answered = 0;
  const { startLoopbackApi } = await import('../../testing/loopbackApi.js');
  // https://www.braze.com/docs/api/api_limits/: a 429 with X-RateLimit-Reset, the epoch second
  // the window resets (here 30 s after the clock Ebb reads).
  const limited = await startLoopbackApi(() =>
    answered++ === 0
      ? {
          status: 429,
          json: { message: 'API rate limit reached' },
          headers: { 'x-ratelimit-reset': String(t0 / 1000 + 30) },
        }
      : { status: 201, json: { message: 'success' } },
  );
  const destination = new BrazeDestination(
    brazeSettings().parse({ apiKey: 'k', endpoint: limited.url }),
    deps,
  );
  try {
    const result = await destination.send([{ op: 'new', id: '1', record: { name: 'a' } }]);
    expect(result.delivered).toEqual(['1']);
    expect(slept).toEqual([30_000]);
  } finally {
    await destination.close();
    await limited.close();
  }
});

test("Braze: a fatal answer's minor errors give the objects they name their own reason", async () => {
  const { startLoopbackApi } = await import('../../testing/loopbackApi.js');
  // https://www.braze.com/docs/api/errors/#server-responses: a fatal error answers
  // {"message": <fatal error message>, "errors": [<minor error message>]}.
  const fatal = await startLoopbackApi(() => ({
    status: 400,
    json: {
      message: "Valid data must be provided in the 'attributes', 'events', or 'purchases' fields.",
      errors: [{ type: "'score' is not valid", input_array: 'attributes', index: 1 }],
    },
  }));
  const destination = new BrazeDestination(
    brazeSettings().parse({ apiKey: 'k', endpoint: fatal.url }),
  );
  try {
    const result = await destination.send([
      { op: 'new', id: 'a', record: { score: 1 } },
      { op: 'new', id: 'b', record: { score: 'x' } },
    ]);
    expect(result.delivered).toEqual([]);
    const reasons = new Map(result.failed.map((f) => [f.id, f.reason]));
    expect(reasons.get('b')).toBe("Braze: 'score' is not valid");
    expect(reasons.get('a')).toContain('Valid data must be provided');
  } finally {
    await destination.close();
    await fatal.close();
  }
});

test('Braze: large records go out in requests within 4 MB, not 75 to a request that Braze refuses with 413', async () => {
  fixture = await syncFixture(0);
  const stand = (braze = await startBrazeStandIn());
  const { runDuckDb } = await import('../../testing/duckdbFile.js');
  // 80 records of ~60 KB each (within Ebb's 128 KiB a value): 75 of them are 4.5 MB.
  await runDuckDb(
    fixture.warehouseFile,
    `create or replace table users as select range as user_id, repeat('x', 60000) as name, 1 as score from range(80)`,
  );
  await fixture.call('destinations.add', {
    name: 'bz',
    config: { type: 'braze', apiKey: stand.apiKey, endpoint: stand.url },
  });
  await fixture.call('syncs.add', { name: 'to bz', model: 'users', destination: 'bz' });
  const run = await fixture.call('syncs.run', { sync: 'to bz' });
  expect(run).toMatchObject({ status: 'succeeded', delivered: 80, failed: 0 });
  expect(stand.profiles.size).toBe(80);
  expect(stand.requests.every((r) => r.status === 201 && r.bytes <= 4_000_000)).toBe(true);
});
