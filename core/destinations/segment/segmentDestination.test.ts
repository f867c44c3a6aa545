import { expect, test } from 'vitest';
import { runScenariosOnStandIn, syncAgainstAnswer } from '../../testing/saasScenarios.js';
import { syncFixture, type SyncFixture } from '../../testing/syncFixture.js';
import { startSegmentStandIn, type SegmentStandIn } from './standIn.js';
import { closeAfterEach } from '../../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
const opened: { close(): unknown }[] = [];
closeAfterEach(() => [fixture, ...opened]);

/** A user whose traits are all null was deleted by the mirror (CLI.md: identify, every trait null). */
const liveUsers = (stand: SegmentStandIn) =>
  new Map([...stand.users].filter(([, traits]) => Object.values(traits).some((v) => v !== null)));

test('Segment over real HTTP: first sync, oversized records and a 429, the retry, a mirror delete', async () => {
  const { standIn: stand } = await runScenariosOnStandIn(opened, startSegmentStandIn, (stand) => ({
    type: 'segment',
    credentialSetting: 'writeKey',
    settings: () => ({ writeKey: stand.writeKey, endpoint: stand.url }),
    profiles: () => liveUsers(stand),
    received: () =>
      stand.messages
        .filter((m) => Object.values((m.traits ?? {}) as object).some((v) => v !== null))
        .map((m) => String(m.userId)),
    refuse: () => undefined,
    standIn: stand,
    refusal: 'oversize',
    // Segment answers 200 to any write key and drops the events of an unknown one.
    detectsWrongCredential: false,
  }));
  // Every message is an identify keyed by the id as a string, with a stable messageId.
  expect(stand.messages.every((m) => m.type === 'identify' && typeof m.userId === 'string')).toBe(
    true,
  );
  expect(new Set(stand.messages.map((m) => m.messageId)).size).toBe(stand.messages.length);
  // Deletes: identify with every model column null.
  expect(stand.users.get('119')).toEqual({ user_id: null, name: null, score: null });
});

test('Segment: a 401 from the endpoint fails the run naming writeKey; nothing is metered', async () => {
  fixture = await syncFixture(10);
  const { call } = fixture;
  // An endpoint that refuses the credential (a proxy or an OAuth-enforcing region does).
  const { run, requests } = await syncAgainstAnswer(
    call,
    'seg',
    { type: 'segment', writeKey: 'some-write-key' },
    {
      status: 401,
      json: { message: 'Unauthorized' },
      headers: { 'content-type': 'application/json' },
    },
  );
  expect(run).toMatchObject({ status: 'failed', delivered: 0, failed: 0, pending: 10 });
  expect(run.message).toContain('writeKey');
  expect(run.message).not.toContain('some-write-key');
  expect(requests).toHaveLength(1);
  expect((await call('usage.get', {})).used).toBe(0);
});
