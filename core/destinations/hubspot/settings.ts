import { z } from 'zod';
import { once } from '../../once.js';
import { retrySetting } from '../http/retryPolicy.js';
import { concurrencySetting } from '../http/saasSettings.js';
import {
  httpUrl,
  INVALID_HTTP_URL,
  rateSetting,
  secretSetting,
  timeoutSetting,
} from '../settingFields.js';

/** HubSpot property and object names: internal names, lowercase letters, digits, underscores. */
const internalName = once(() =>
  z.string().regex(/^[A-Za-z0-9_-]+$/, 'a HubSpot internal name (letters, digits, underscores)'),
);

export const hubspotSettings = once(() =>
  z.object({
    accessToken: secretSetting('the private app access token is required', {
      label: 'Access token',
      help: 'A private app token with crm.objects.<object>.read and .write scopes.',
    }),
    idProperty: internalName().meta({
      label: 'ID property',
      placeholder: 'email',
      help: "The unique HubSpot property matched against the record's id (e.g. email).",
      invalid: 'A HubSpot internal property name.',
    }),
    endpoint: httpUrl()
      .default('https://api.hubapi.com')
      .meta({ label: 'API endpoint', advanced: true, invalid: INVALID_HTTP_URL }),
    object: internalName().default('contacts').meta({
      label: 'Object',
      placeholder: 'contacts',
      help: 'contacts, companies, deals, or a custom object type id.',
    }),
    concurrency: concurrencySetting({ max: 16, default: 4 }),
    /** HubSpot counts requests (100 or 190 per 10 s for private apps, by tier); unset: no limit. */
    requestsPerSecond: rateSetting({ label: 'Requests/s', advanced: true }),
    timeoutMs: timeoutSetting(30_000),
    retry: retrySetting(),
  }),
);
export type HubspotSettings = z.output<ReturnType<typeof hubspotSettings>>;
