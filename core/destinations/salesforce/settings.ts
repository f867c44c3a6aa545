import { z } from 'zod';
import { once } from '../../once.js';
import { retrySetting } from '../http/retryPolicy.js';
import { countSetting, httpUrlSetting, secretSetting, timeoutSetting } from '../settingFields.js';

/** Salesforce API names: letters, digits and underscores (custom ones end in __c). */
const apiName = once(() =>
  z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a Salesforce API name (letters, digits, underscores)'),
);

export const salesforceSettings = once(() =>
  z.object({
    instanceUrl: httpUrlSetting({
      label: 'Instance URL',
      placeholder: 'https://yourcompany.my.salesforce.com',
    }),
    accessToken: secretSetting('an OAuth access token is required', {
      label: 'Access token',
      help: 'An OAuth access token (session id) with the api scope.',
    }),
    object: apiName().meta({
      label: 'Object',
      placeholder: 'Contact',
      invalid: 'A Salesforce API name.',
    }),
    externalIdField: apiName().meta({
      label: 'External ID field',
      placeholder: 'Ebb_Id__c',
      help: "The External ID field that holds the record's id; map the id column to it.",
      invalid: 'A Salesforce API name.',
    }),
    apiVersion: z
      .string()
      .regex(/^v\d+\.\d$/, 'an API version like v62.0')
      .default('v62.0')
      .meta({ label: 'API version', advanced: true, invalid: 'Like v62.0.' }),
    /** Records per ingest job: jobs are asynchronous and each costs several calls. */
    batchSize: countSetting(
      { max: 150_000, default: 10_000 },
      { label: 'Records per job', advanced: true },
    ),
    concurrency: countSetting({ max: 8, default: 2 }, { label: 'Jobs at once', advanced: true }),
    /** How often a running job's state is asked for. */
    pollIntervalMs: countSetting(
      { default: 2000 },
      { label: 'Poll interval (ms)', advanced: true },
    ),
    timeoutMs: timeoutSetting(120_000),
    retry: retrySetting(),
  }),
);
export type SalesforceSettings = z.output<ReturnType<typeof salesforceSettings>>;
