import { z } from 'zod';
import { once } from '../../once.js';
import { retrySetting } from '../http/retryPolicy.js';

/** HubSpot property and object names: internal names, lowercase letters, digits, underscores. */
const internalName = once(() =>
  z.string().regex(/^[A-Za-z0-9_-]+$/, 'a HubSpot internal name (letters, digits, underscores)'),
);

export const hubspotSettings = once(() =>
  z.object({
    accessToken: z.string().min(1, 'the private app access token is required').meta({
      label: 'Access token',
      secret: true,
      help: 'A private app token with crm.objects.<object>.read and .write scopes.',
    }),
    idProperty: internalName().meta({
      label: 'ID property',
      placeholder: 'email',
      help: "The unique HubSpot property matched against the record's id (e.g. email).",
      invalid: 'A HubSpot internal property name.',
    }),
    endpoint: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .default('https://api.hubapi.com')
      .meta({
        label: 'API endpoint',
        advanced: true,
        invalid: 'Must be an http:// or https:// URL.',
      }),
    object: internalName().default('contacts').meta({
      label: 'Object',
      placeholder: 'contacts',
      help: 'contacts, companies, deals, or a custom object type id.',
    }),
    concurrency: z
      .int()
      .min(1)
      .max(16)
      .default(4)
      .meta({ label: 'Concurrency', help: 'Requests in flight at once.', advanced: true }),
    /** HubSpot counts requests (100 or 190 per 10 s for private apps, by tier); unset: no limit. */
    requestsPerSecond: z
      .number()
      .positive()
      .optional()
      .meta({ label: 'Requests/s', placeholder: 'No limit', advanced: true }),
    timeoutMs: z.int().min(1).default(30_000).meta({ label: 'Time-out (ms)', advanced: true }),
    retry: retrySetting(),
  }),
);
export type HubspotSettings = z.output<ReturnType<typeof hubspotSettings>>;
