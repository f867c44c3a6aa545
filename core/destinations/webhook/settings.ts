import { z } from 'zod';
import { once } from '../../once.js';
import { retrySetting } from '../http/retryPolicy.js';
import { countSetting, httpUrlSetting, rateSetting, timeoutSetting } from '../settingFields.js';

/** HTTP header names are RFC 9110 tokens; values must not smuggle a line break. */
const headerName = once(() =>
  z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid HTTP header name'),
);
const headerValue = once(() =>
  z.string().regex(/^[^\r\n\0]*$/, 'header values cannot contain line breaks'),
);

export const webhookSettings = once(() =>
  z.object({
    url: httpUrlSetting({
      label: 'URL',
      placeholder: 'https://example.com/hooks/ebb',
      help: 'Receives POST {"batch":[change…]}.',
      flag: 'url',
    }),
    headers: z.record(headerName(), headerValue()).default({}).meta({
      label: 'Headers',
      secret: true,
      invalidName: 'Not a valid HTTP header name.',
      help: 'Sent with every request (e.g. Authorization); values are write-only.',
      flag: 'header',
    }),
    batchSize: countSetting(
      { max: 100_000, default: 1000 },
      { label: 'Batch size', flag: 'batch-size' },
    ),
    concurrency: countSetting(
      { max: 64, default: 4 },
      { label: 'Concurrency', flag: 'concurrency' },
    ),
    /** Records per second (not requests), enforced with a token bucket holding one second of burst. */
    ratePerSecond: rateSetting({ label: 'Rate (records/s)', flag: 'rate' }),
    /** Time for one request, response body included, before it counts as timed out. */
    timeoutMs: timeoutSetting(30_000),
    retry: retrySetting(),
  }),
);
export type WebhookSettings = z.output<ReturnType<typeof webhookSettings>>;
