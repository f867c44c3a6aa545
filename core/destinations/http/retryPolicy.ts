import { z } from 'zod';
import { once } from '../../once.js';

/** How the HTTP kit retries a request that failed for a reason worth another attempt. */
const retryPolicySchema = once(() =>
  z.object({
    /** Attempts in all, the first included. */
    attempts: z.int().min(1).max(100).default(6),
    baseDelayMs: z.int().min(0).default(500),
    maxDelayMs: z.int().min(0).default(30_000),
    /** A Retry-After longer than this fails the batch instead of stalling the run. */
    maxRetryAfterMs: z.int().min(0).default(300_000),
  }),
);
export type RetryPolicy = z.infer<ReturnType<typeof retryPolicySchema>>;

/** The policy as a setting: every field optional, defaults filled in. Built on first use. */
export const retrySetting = once(() =>
  retryPolicySchema().default(retryPolicySchema().parse({})).meta({
    label: 'Retries',
    help: 'attempts, baseDelayMs, maxDelayMs, maxRetryAfterMs (JSON)',
    advanced: true,
  }),
);
