import { z } from 'zod';
import { once } from '../../once.js';
import { endpointSetting, httpTuning } from '../http/saasSettings.js';

export const brazeSettings = once(() =>
  z.object({
    apiKey: z.string().min(1, 'the REST API key is required').meta({
      label: 'REST API key',
      secret: true,
      help: 'A key with the users.track and users.delete permissions.',
    }),
    // https://www.braze.com/docs/api/basics/#endpoints: one REST endpoint per instance (cluster).
    endpoint: endpointSetting('REST endpoint', 'https://rest.iad-01.braze.com').meta({
      label: 'REST endpoint',
      placeholder: 'https://rest.iad-01.braze.com',
      help: "Your instance's REST endpoint (Settings → APIs and Identifiers).",
      invalid: 'Must be an http:// or https:// URL.',
    }),
    ...httpTuning({ concurrency: 4 }),
  }),
);
export type BrazeSettings = z.output<ReturnType<typeof brazeSettings>>;
