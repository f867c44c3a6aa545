import { z } from 'zod';
import { once } from '../../once.js';
import { endpointSetting, httpTuning } from '../http/saasSettings.js';

export const mixpanelSettings = once(() =>
  z.object({
    projectToken: z.string().min(1, 'the project token is required').meta({
      label: 'Project token',
      secret: true,
      help: 'Project Settings → Access Keys → Project Token.',
    }),
    // https://docs.mixpanel.com/reference/profile-batch-update (servers): api, api-eu or api-in.
    endpoint: endpointSetting('API endpoint', 'https://api.mixpanel.com')
      .default('https://api.mixpanel.com')
      .meta({
        label: 'API endpoint',
        help: 'https://api-eu.mixpanel.com for EU data residency, https://api-in.mixpanel.com for India.',
        invalid: 'Must be an http:// or https:// URL.',
      }),
    ...httpTuning({ concurrency: 4 }),
  }),
);
export type MixpanelSettings = z.output<ReturnType<typeof mixpanelSettings>>;
