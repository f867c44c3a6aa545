import { expect, test } from 'vitest';
import { runSaasScenarios } from '../../testing/saasScenarios.js';
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
    profiles: () => stand.profiles,
    received: () => stand.set,
    refuse: (ids) => {
      stand.refuse.clear();
      for (const id of ids)
        stand.refuse.set(id, `refused value for ${id}: property 'name' is invalid`);
    },
    rateLimitNext: (count) => stand.rateLimitNext(count),
    rateLimited: () => stand.requests.filter((r) => r.status === 429).length,
  });
  // strict=1 on every request, so refusals are named.
  expect(stand.requests.every((r) => r.path === '/engage')).toBe(true);
});
