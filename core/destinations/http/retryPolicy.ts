import { z } from 'zod';

/** How the HTTP kit retries a request that failed for a reason worth another attempt. */
export const retryPolicySchema = z.object({
  /** Attempts in all, the first included. */
  attempts: z.int().min(1).max(100).default(6),
  baseDelayMs: z.int().min(0).default(500),
  maxDelayMs: z.int().min(0).default(30_000),
  /** A Retry-After longer than this fails the batch instead of stalling the run. */
  maxRetryAfterMs: z.int().min(0).default(300_000),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

/** The policy as a setting: every field optional, defaults filled in. */
export const retrySetting = retryPolicySchema.default(retryPolicySchema.parse({})).meta({
  label: 'Retries',
  help: 'attempts, baseDelayMs, maxDelayMs, maxRetryAfterMs (JSON)',
  advanced: true,
});
