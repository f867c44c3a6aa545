import { z } from 'zod';
import { once } from '../../once.js';
import { httpTuning } from '../http/saasSettings.js';
import { httpUrl, INVALID_HTTP_URL, secretSetting } from '../settingFields.js';

export const segmentSettings = once(() =>
  z
    .object({
      writeKey: secretSetting('the write key is required', {
        label: 'Write key',
        help: "The HTTP API source's write key (Source → Settings → API Keys).",
      }),
      // https://segment.com/docs/guides/regional-segment/: EU workspaces use events.eu1.segmentapis.com.
      endpoint: httpUrl().default('https://api.segment.io').meta({
        label: 'API endpoint',
        help: 'https://events.eu1.segmentapis.com for EU workspaces.',
        invalid: INVALID_HTTP_URL,
      }),
      call: z.enum(['identify', 'track', 'group']).default('identify').meta({
        label: 'Call',
        help: 'identify: traits; track: an event with properties; group: group traits.',
      }),
      event: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .meta({ label: 'Event name', help: 'For track: the event every record is sent as.' }),
      ...httpTuning({ concurrency: 4 }),
    })
    // Refused when saved, not at the first run: a track call has no event name to send otherwise.
    .refine((settings) => settings.call !== 'track' || settings.event !== undefined, {
      path: ['event'],
      message: 'a track call needs the event name',
    }),
);
export type SegmentSettings = z.output<ReturnType<typeof segmentSettings>>;
