import { z } from 'zod';

/** HTTP header names are RFC 9110 tokens; values must not smuggle a line break. */
const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid HTTP header name');
const headerValue = z.string().regex(/^[^\r\n\0]*$/, 'header values cannot contain line breaks');

const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
  .describe('The endpoint that receives POST {"batch":[...]}');

export const retryPolicySchema = z.object({
  /** Attempts in all, the first included. */
  attempts: z.int().min(1).max(100).default(6),
  baseDelayMs: z.int().min(0).default(500),
  maxDelayMs: z.int().min(0).default(30_000),
  /** A Retry-After longer than this fails the batch instead of stalling the run. */
  maxRetryAfterMs: z.int().min(0).default(300_000),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

export const fileDestinationConfigSchema = z.object({
  type: z.literal('file'),
  path: z.string().min(1, 'a folder is required'),
  format: z.enum(['jsonl', 'csv']).default('jsonl'),
});

export const webhookDestinationConfigSchema = z.object({
  type: z.literal('webhook'),
  url: httpUrl,
  headers: z.record(headerName, headerValue).default({}),
  batchSize: z.int().min(1).max(100_000).default(1000),
  concurrency: z.int().min(1).max(64).default(4),
  /** Records per second (not requests), enforced with a token bucket holding one second of burst. */
  ratePerSecond: z.number().positive().optional(),
  /** Time for one request, response body included, before it counts as timed out. */
  timeoutMs: z.int().min(1).default(30_000),
  retry: retryPolicySchema.default(retryPolicySchema.parse({})),
});

export const postgresDestinationConfigSchema = z.object({
  type: z.literal('postgres'),
  url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  table: z.string().min(1).max(63),
  schema: z.string().min(1).max(63).default('public'),
  /** Key column; defaults to the model's id column name, else `id`. */
  idColumn: z.string().min(1).max(63).optional(),
  batchSize: z.int().min(1).max(50_000).default(2000),
  concurrency: z.int().min(1).max(16).default(2),
});

export const destinationConfigSchema = z.discriminatedUnion('type', [
  fileDestinationConfigSchema,
  webhookDestinationConfigSchema,
  postgresDestinationConfigSchema,
]);

/** What the config store keeps (defaults may be absent). */
export type DestinationConfigInput = z.input<typeof destinationConfigSchema>;
/** After parsing: defaults filled in. */
export type DestinationConfig = z.output<typeof destinationConfigSchema>;
export type FileDestinationConfig = z.output<typeof fileDestinationConfigSchema>;
export type WebhookDestinationConfig = z.output<typeof webhookDestinationConfigSchema>;
export type PostgresDestinationConfig = z.output<typeof postgresDestinationConfigSchema>;
