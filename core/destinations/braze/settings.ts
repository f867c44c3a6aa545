import { z } from 'zod';
import { once } from '../../once.js';
import { httpTuning } from '../http/saasSettings.js';
import { httpUrlSetting, secretSetting } from '../settingFields.js';

export const brazeSettings = once(() =>
  z.object({
    apiKey: secretSetting('the REST API key is required', {
      label: 'REST API key',
      help: 'A key with the users.track and users.delete permissions.',
    }),
    // https://www.braze.com/docs/api/basics/#endpoints: one REST endpoint per instance (cluster).
    endpoint: httpUrlSetting({
      label: 'REST endpoint',
      placeholder: 'https://rest.iad-01.braze.com',
      help: "Your instance's REST endpoint (Settings → APIs and Identifiers).",
    }),
    ...httpTuning({ concurrency: 4 }),
  }),
);
export type BrazeSettings = z.output<ReturnType<typeof brazeSettings>>;
