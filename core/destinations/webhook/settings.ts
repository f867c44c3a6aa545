import { z } from 'zod';
import { once } from '../../once.js';
import { retrySetting } from '../http/retryPolicy.js';

/** HTTP header names are RFC 9110 tokens; values must not smuggle a line break. */
const headerName = once(() =>
  z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid HTTP header name'),
);
const headerValue = once(() =>
  z.string().regex(/^[^\r\n\0]*$/, 'header values cannot contain line breaks'),
);

export const webhookSettings = once(() =>
  z.object({
    url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).meta({
      label: 'URL',
      invalid: 'Must be an http:// or https:// URL.',
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
    batchSize: z
      .int()
      .min(1)
      .max(100_000)
      .default(1000)
      .meta({ label: 'Batch size', flag: 'batch-size' }),
    concurrency: z
      .int()
      .min(1)
      .max(64)
      .default(4)
      .meta({ label: 'Concurrency', flag: 'concurrency' }),
    /** Records per second (not requests), enforced with a token bucket holding one second of burst. */
    ratePerSecond: z
      .number()
      .positive()
      .optional()
      .meta({ label: 'Rate (records/s)', placeholder: 'No limit', flag: 'rate' }),
    /** Time for one request, response body included, before it counts as timed out. */
    timeoutMs: z.int().min(1).default(30_000).meta({ label: 'Time-out (ms)', advanced: true }),
    retry: retrySetting(),
  }),
);
export type WebhookSettings = z.output<ReturnType<typeof webhookSettings>>;
