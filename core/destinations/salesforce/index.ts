import { defineDestination } from '../definition.js';
import { SALESFORCE_MAX_RECORD_CHARS, SALESFORCE_MAX_UPLOAD_BYTES } from './limits.js';
import { SalesforceDestination } from './salesforceDestination.js';
import { salesforceSettings } from './settings.js';

export const salesforceDestination = defineDestination({
  type: 'salesforce',
  label: 'Salesforce',
  description:
    'Bulk API 2.0 ingest jobs: upsert on externalIdField, one CSV upload per job, per-record failures from failedResults/ (sf__Error); Bearer token.',
  deletes: 'record Ids looked up by externalIdField (SOQL), then a Bulk API 2.0 delete job',
  limits: {
    bytesPerRequest: SALESFORCE_MAX_UPLOAD_BYTES,
    bytesPerRecord: SALESFORCE_MAX_RECORD_CHARS,
  },
  settings: salesforceSettings,
  create: (settings, deps) => new SalesforceDestination(settings, deps.http),
  target: (settings) =>
    `Salesforce ${settings.object} by ${settings.externalIdField} at ${new URL(settings.instanceUrl).host}`,
});
