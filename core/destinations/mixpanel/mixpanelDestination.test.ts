import { expect, test } from 'vitest';
import {
  profileHooks,
  runScenariosOnStandIn,
  syncAgainstAnswer,
} from '../../testing/saasScenarios.js';
import { syncFixture, type SyncFixture } from '../../testing/syncFixture.js';
import { startMixpanelStandIn } from './standIn.js';
import { closeAfterEach } from '../../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
const opened: { close(): unknown }[] = [];
closeAfterEach(() => [fixture, ...opened]);

test('Mixpanel over real HTTP: first sync, refused records and a 429, the retry, a mirror delete, a wrong token', async () => {
  const { standIn: stand } = await runScenariosOnStandIn(opened, startMixpanelStandIn, (stand) => ({
    type: 'mixpanel',
    credentialSetting: 'projectToken',
    settings: () => ({ projectToken: stand.token, endpoint: stand.url }),
    ...profileHooks(stand, (id) => `refused value for ${id}: property 'name' is invalid`),
  }));
  // strict=1 on every request, so refusals are named.
  expect(stand.requests.every((r) => r.path === '/engage')).toBe(true);
});

test('Mixpanel: a 200 whose body is 0 (no update valid) fails the batch instead of delivering it', async () => {
  fixture = await syncFixture(10);
  const { call } = fixture;
  // https://docs.mixpanel.com/reference/profile-batch-update: 200 even for invalid data; the
  // body (text/plain) is 1 when some update was valid, 0 when none was.
  const { run } = await syncAgainstAnswer(
    call,
    'mp',
    { type: 'mixpanel', projectToken: 'some-token' },
    { status: 200, text: '0', headers: { 'content-type': 'text/plain' } },
  );
  expect(run).toMatchObject({ delivered: 0, failed: 10 });
  const { errors } = await call('runs.errors', { runId: run.runId });
  expect(errors[0]?.reason).toContain('Mixpanel accepted none of the request');
});
