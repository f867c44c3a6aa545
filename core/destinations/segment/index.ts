import { defineDestination } from '../definition.js';
import { SEGMENT_BYTES_PER_MESSAGE, SEGMENT_BYTES_PER_REQUEST } from './limits.js';
import { SegmentDestination } from './segmentDestination.js';
import { segmentSettings } from './settings.js';

export const segmentDestination = defineDestination({
  type: 'segment',
  label: 'Segment',
  description:
    'POST /v1/batch, one identify (userId = id, traits = record), track or group message per record.',
  deletes: 'identify with every trait null',
  limits: { bytesPerRequest: SEGMENT_BYTES_PER_REQUEST, bytesPerRecord: SEGMENT_BYTES_PER_MESSAGE },
  settings: segmentSettings,
  create: (settings, deps) => new SegmentDestination(settings, deps.http),
  target: (settings) =>
    `Segment ${new URL(settings.endpoint).host} (${settings.call}${settings.event ? ` "${settings.event}"` : ''})`,
});
