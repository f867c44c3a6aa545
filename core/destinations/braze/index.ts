import { defineDestination } from '../definition.js';
import { BrazeDestination } from './brazeDestination.js';
import {
  BRAZE_ATTRIBUTES_PER_REQUEST,
  BRAZE_BYTES_PER_REQUEST,
  BRAZE_DELETES_PER_REQUEST,
} from './limits.js';
import { brazeSettings } from './settings.js';

export const brazeDestination = defineDestination({
  type: 'braze',
  label: 'Braze',
  description: `User attributes through POST /users/track (external_id = the record's id), ${BRAZE_ATTRIBUTES_PER_REQUEST} a request.`,
  deletes: `POST /users/delete {external_ids}, ${BRAZE_DELETES_PER_REQUEST} a request`,
  limits: {
    recordsPerRequest: BRAZE_ATTRIBUTES_PER_REQUEST,
    bytesPerRequest: BRAZE_BYTES_PER_REQUEST,
  },
  settings: brazeSettings,
  create: (settings, deps) => new BrazeDestination(settings, deps.http),
  target: (settings) => `Braze ${new URL(settings.endpoint).host}`,
});
