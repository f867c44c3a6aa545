import { defineDestination } from '../definition.js';
import { HubspotDestination } from './hubspotDestination.js';
import { HUBSPOT_INPUTS_PER_REQUEST } from './limits.js';
import { hubspotSettings } from './settings.js';

export const hubspotDestination = defineDestination({
  type: 'hubspot',
  label: 'HubSpot',
  description:
    'POST /crm/v3/objects/{object}/batch/upsert on idProperty (100 a request, a 207 names refused inputs by objectWriteTraceId); Bearer token.',
  deletes: 'looked up by idProperty (batch/read), then archived by object id (batch/archive)',
  limits: { recordsPerRequest: HUBSPOT_INPUTS_PER_REQUEST },
  settings: hubspotSettings,
  create: (settings, deps) => new HubspotDestination(settings, deps.http),
  target: (settings) => `HubSpot ${settings.object} by ${settings.idProperty}`,
});
