import { z } from 'zod';
import { retrySetting } from './retryPolicy.js';

/** The HTTP settings every SaaS type shares, folded under "Advanced" in the form. */
export const httpTuning = (defaults: { concurrency: number }) => ({
  concurrency: z
    .int()
    .min(1)
    .max(64)
    .default(defaults.concurrency)
    .meta({ label: 'Concurrency', help: 'Requests in flight at once.', advanced: true }),
  timeoutMs: z.int().min(1).default(30_000).meta({ label: 'Time-out (ms)', advanced: true }),
  retry: retrySetting(),
});

export const endpointSetting = (label: string, example: string) =>
  z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).meta({
    label,
    placeholder: example,
    invalid: 'Must be an http:// or https:// URL.',
  });
