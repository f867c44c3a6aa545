import { defineDestination } from '../definition.js';
import {
  MIXPANEL_BYTES_PER_REQUEST,
  MIXPANEL_BYTES_PER_UPDATE,
  MIXPANEL_UPDATES_PER_REQUEST,
} from './limits.js';
import { MixpanelDestination } from './mixpanelDestination.js';
import { mixpanelSettings } from './settings.js';

export const mixpanelDestination = defineDestination({
  type: 'mixpanel',
  label: 'Mixpanel',
  description: `User profiles through POST /engage?strict=1: {$token, $distinct_id: id, $set: record}, ${MIXPANEL_UPDATES_PER_REQUEST} a request.`,
  deletes: '{$token, $distinct_id, $delete: ""} on the same endpoint',
  limits: {
    recordsPerRequest: MIXPANEL_UPDATES_PER_REQUEST,
    bytesPerRequest: MIXPANEL_BYTES_PER_REQUEST,
    bytesPerRecord: MIXPANEL_BYTES_PER_UPDATE,
  },
  settings: mixpanelSettings,
  create: (settings, deps) => new MixpanelDestination(settings, deps.http),
  target: (settings) => `Mixpanel ${new URL(settings.endpoint).host}`,
});
