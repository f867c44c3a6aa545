import { expect, test } from 'vitest';
import { profileHooks, runSaasScenarios } from '../../testing/saasScenarios.js';
import { syncFixture, type SyncFixture } from '../../testing/syncFixture.js';
import { startBrazeStandIn, type BrazeStandIn } from './standIn.js';
import { closeAfterEach } from '../../testing/closeAfterEach.js';

let fixture: SyncFixture | undefined;
let braze: BrazeStandIn | undefined;
closeAfterEach(() => [braze, fixture]);

test('Braze over real HTTP: first sync, refused records and a 429, the retry, a mirror delete, a wrong key', async () => {
  fixture = await syncFixture(120);
  const stand = (braze = await startBrazeStandIn());
  await runSaasScenarios(fixture.call, fixture.warehouseFile, {
    type: 'braze',
    credentialSetting: 'apiKey',
    settings: () => ({ apiKey: stand.apiKey, endpoint: stand.url }),
    ...profileHooks(stand, (id) => `refused value for ${id}: 'name' is not a valid string`),
  });
  // Ids go out as strings (Braze types external_id as a string), at most 75 objects a request.
  expect([...stand.profiles.keys()].every((id) => typeof id === 'string')).toBe(true);
});
