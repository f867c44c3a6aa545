import { expect, test } from 'vitest';
import { profileHooks, runSaasScenarios } from '../../testing/saasScenarios.js';
import { syncFixture, type SyncFixture } from '../../testing/syncFixture.js';
import { startMixpanelStandIn, type MixpanelStandIn } from './standIn.js';
import { closeAfterEach } from '../../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
let mixpanel: MixpanelStandIn | undefined;
closeAfterEach(() => [mixpanel, fixture]);

test('Mixpanel over real HTTP: first sync, refused records and a 429, the retry, a mirror delete, a wrong token', async () => {
  fixture = await syncFixture(120);
  const stand = (mixpanel = await startMixpanelStandIn());
  await runSaasScenarios(fixture.call, fixture.warehouseFile, {
    type: 'mixpanel',
    credentialSetting: 'projectToken',
    settings: () => ({ projectToken: stand.token, endpoint: stand.url }),
    ...profileHooks(stand, (id) => `refused value for ${id}: property 'name' is invalid`),
  });
  // strict=1 on every request, so refusals are named.
  expect(stand.requests.every((r) => r.path === '/engage')).toBe(true);
});
