import { z } from 'zod';
import { once } from '../../once.js';
import { httpTuning } from '../http/saasSettings.js';
import { httpUrl, INVALID_HTTP_URL, secretSetting } from '../settingFields.js';

export const mixpanelSettings = once(() =>
  z.object({
    projectToken: secretSetting('the project token is required', {
      label: 'Project token',
      help: 'Project Settings → Access Keys → Project Token.',
    }),
    // https://docs.mixpanel.com/reference/profile-batch-update (servers): api, api-eu or api-in.
    endpoint: httpUrl().default('https://api.mixpanel.com').meta({
      label: 'API endpoint',
      help: 'https://api-eu.mixpanel.com for EU data residency, https://api-in.mixpanel.com for India.',
      invalid: INVALID_HTTP_URL,
    }),
    ...httpTuning({ concurrency: 4 }),
  }),
);
export type MixpanelSettings = z.output<ReturnType<typeof mixpanelSettings>>;
