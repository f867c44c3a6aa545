import { z } from 'zod';
import { once } from '../../once.js';
import { countSetting } from '../settingFields.js';

export const postgresSettings = once(() =>
  z.object({
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      // The driver cannot open what does not parse (a port past 65535, a bad host): refused
      // here as the user's mistake, not met later as an unexpected error of the test or run.
      .refine(
        (url) => URL.canParse(url),
        'is not a valid URL: use postgres://USER:PASSWORD@HOST:PORT/DATABASE',
      )
      .meta({
        label: 'Connection URL',
        secret: true,
        invalid: 'Must be a postgres:// URL.',
        placeholder: 'postgres://user:password@host:5432/db',
        help: 'Write-only: Ebb never shows the password again.',
        flag: 'url',
      }),
    table: z
      .string()
      .min(1)
      .max(63)
      .meta({ label: 'Table', placeholder: 'e.g. crm_users', flag: 'table' }),
    schema: z.string().min(1).max(63).default('public').meta({ label: 'Schema' }),
    /** Key column; defaults to the model's id column name, else `id`. */
    idColumn: z
      .string()
      .min(1)
      .max(63)
      .optional()
      .meta({ label: 'Key column', help: "Defaults to the model's id column.", advanced: true }),
    /**
     * 10,000: a first sync's new records go in by one COPY per batch, and each COPY costs the
     * server a fixed part (1M rows: destination backends' CPU 5.0-5.4 s in batches of 2000,
     * 3.7-4.1 s in batches of 10,000; core/diff/README.md, PostgreSQL first sync).
     */
    batchSize: countSetting(
      { max: 50_000, default: 10_000 },
      { label: 'Batch size', advanced: true },
    ),
    concurrency: countSetting({ max: 16, default: 2 }, { label: 'Concurrency', advanced: true }),
  }),
);
export type PostgresSettings = z.output<ReturnType<typeof postgresSettings>>;
