import path from 'node:path';
import { z } from 'zod';
import { EbbError } from '../errors.js';
import { once } from '../once.js';
import {
  describeSettings,
  maskSettings,
  mergeSettings,
  type SettingSpec,
} from '../destinations/settings.js';
import { keepMaskedUrlParts } from '../secrets/keepMaskedUrlParts.js';
import { filesStatePath } from './warehouseConfig.js';
import type { WarehouseConfig } from './types.js';

export type WarehouseKind = WarehouseConfig['kind'];

/** What `warehouse kinds` and the form read about one kind: its settings, no code. */
export interface WarehouseKindInfo {
  kind: WarehouseKind;
  label: string;
  description: string;
  settings: SettingSpec[];
}

const text = (label: string, extra: Record<string, unknown> = {}) =>
  z
    .string()
    .trim()
    .min(1, `${label} is required`)
    .max(4096)
    .meta({ label, ...extra });

/**
 * Every warehouse kind's settings as one zod object each (label, secret, flag per key), from
 * which the CLI's flags and `--set` keys and the renderer's form are derived, as for
 * destinations. A secret is stored sealed and never shown again; a URL shows its password masked.
 * Built on first use (a start that touches no warehouse's settings builds none).
 */
const SETTINGS = once(
  () =>
    ({
      duckdb: z.object({
        path: text('File path', { flag: 'duckdb', placeholder: '/path/to/warehouse.duckdb' }),
      }),
      postgres: z.object({
        url: text('Connection URL', {
          flag: 'postgres',
          placeholder: 'postgres://user:password@host:5432/db',
          help: 'The password is stored sealed and shown masked; leave **** in place to keep it.',
          invalid: 'A PostgreSQL URL starts with postgres://',
        }).regex(/^postgres(ql)?:\/\//, 'a PostgreSQL URL starts with postgres://'),
      }),
      mysql: z.object({
        url: text('Connection URL', {
          flag: 'mysql',
          placeholder: 'mysql://user:password@host:3306/db',
          help: 'Models are read with ANSI_QUOTES: strings in single quotes, names in double quotes or backticks. The password is stored sealed and shown masked.',
          invalid: 'A MySQL URL starts with mysql://',
        }).regex(/^mysql:\/\//, 'a MySQL URL starts with mysql://'),
      }),
      files: z.object({
        dir: text('Folder', {
          flag: 'files',
          placeholder: '/path/to/exports',
          help: "Models query the files by name: select * from 'orders.parquet'. Ebb keeps its state in its own home, never in the folder.",
        }),
      }),
      snowflake: z.object({
        account: text('Account identifier', {
          placeholder: 'myorg-myaccount',
          help: 'The account part of https://ACCOUNT.snowflakecomputing.com (organization-account, or a locator with its region).',
        }).regex(
          /^[A-Za-z0-9._-]+$/,
          'an account identifier is letters, digits, dots, dashes and underscores',
        ),
        username: text('User', { placeholder: 'EBB_USER' }),
        privateKey: text('Private key (PEM)', {
          secret: true,
          help: 'Key-pair authentication: the PKCS#8 private key whose public key is set on the user (ALTER USER … SET RSA_PUBLIC_KEY). On the CLI: --set privateKey=@rsa_key.p8.',
        }),
        privateKeyPassphrase: z.string().max(1024).optional().meta({
          label: 'Key passphrase',
          secret: true,
          advanced: true,
          help: 'Only for an encrypted private key.',
        }),
        warehouse: text('Virtual warehouse', { placeholder: 'COMPUTE_WH' }),
        database: text('Database', { placeholder: 'ANALYTICS' }),
        role: z
          .string()
          .trim()
          .max(255)
          .optional()
          .meta({ label: 'Role', advanced: true, help: "The user's default role when blank." }),
      }),
      bigquery: z.object({
        projectId: text('Project', {
          placeholder: 'my-project',
          help: 'The Google Cloud project that runs (and pays for) the queries.',
        }).regex(
          /^[a-z][a-z0-9.:-]{3,62}$/,
          'a project id is 4–63 lowercase letters, digits and dashes',
        ),
        credentials: text('Service account key (JSON)', {
          secret: true,
          help: 'The JSON key file of a service account with BigQuery Job User on the project and Data Editor on the state dataset. On the CLI: --set credentials=@key.json.',
        }),
        dataset: z
          .string()
          .trim()
          .max(1024)
          .regex(/^[A-Za-z0-9_]*$/, 'a dataset name is letters, digits and underscores')
          .optional()
          .meta({
            label: 'Default dataset',
            advanced: true,
            help: 'Models may name its tables without the dataset (select * from orders).',
          }),
        location: z.string().trim().max(64).default('US').meta({
          label: 'Location',
          advanced: true,
          help: 'Where the state dataset lives and the jobs run (US, EU, europe-west1…).',
        }),
      }),
    }) satisfies Record<WarehouseKind, z.ZodObject>,
);

const LABELS: Record<WarehouseKind, { label: string; description: string }> = {
  duckdb: { label: 'DuckDB file', description: 'A DuckDB database file on this computer.' },
  postgres: {
    label: 'PostgreSQL',
    description: 'A PostgreSQL server (or one that speaks its protocol).',
  },
  mysql: {
    label: 'MySQL / MariaDB',
    description: 'A MySQL or MariaDB server; state in a database Ebb owns.',
  },
  files: {
    label: 'Parquet/CSV folder',
    description: 'A folder of Parquet or CSV files, read with the embedded DuckDB.',
  },
  snowflake: {
    label: 'Snowflake',
    description: 'A Snowflake account, with key-pair authentication; state in a schema Ebb owns.',
  },
  bigquery: {
    label: 'BigQuery',
    description: 'A BigQuery project, with a service account key; state in a dataset Ebb owns.',
  },
};

/** The kinds offered. */
export const WAREHOUSE_KIND_NAMES: WarehouseKind[] = [
  'duckdb',
  'postgres',
  'mysql',
  'files',
  'snowflake',
  'bigquery',
];

export const warehouseKinds = (): WarehouseKindInfo[] =>
  WAREHOUSE_KIND_NAMES.map((kind) => ({
    kind,
    ...LABELS[kind],
    settings: describeSettings(SETTINGS()[kind]),
  }));

export function warehouseKindInfo(kind: string): WarehouseKindInfo {
  const found = warehouseKinds().find((k) => k.kind === kind);
  if (!found) {
    throw new EbbError(
      'INVALID_ARGUMENT',
      `Unknown warehouse kind "${kind}": choose one of ${WAREHOUSE_KIND_NAMES.join(', ')}.`,
    );
  }
  return found;
}

/** Validates settings as given (unknown keys refused), naming each bad key. */
function parseSettings(kind: WarehouseKind, settings: Record<string, unknown>) {
  warehouseKindInfo(kind);
  const result = SETTINGS()[kind].strict().safeParse(settings);
  if (result.success) return result.data as Record<string, unknown>;
  const keys = Object.keys(SETTINGS()[kind].shape).join(', ');
  const problems = result.error.issues.map((issue) =>
    issue.code === 'unrecognized_keys'
      ? `unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')} (a ${kind} warehouse has ${keys})`
      : `${issue.path.join('.') || 'settings'}: ${issue.message}`,
  );
  throw new EbbError('INVALID_ARGUMENT', `Invalid ${kind} warehouse: ${problems.join('; ')}.`);
}

/**
 * A PEM key whose line breaks were lost (pasted into a one-line field, or typed on a command
 * line): the body is rewrapped at 64 characters so the key reads as PEM again.
 */
export function normalizePem(pem: string): string {
  const match = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(pem.trim());
  if (!match) return pem.trim();
  const body = (match[2] ?? '').replace(/\s+/g, '');
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${match[1]}-----\n${lines.join('\n')}\n-----END ${match[1]}-----\n`;
}

function bigQueryCredentials(json: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new EbbError(
      'INVALID_ARGUMENT',
      'credentials: not JSON. Paste the whole service account key file (it starts with {"type": "service_account", …).',
    );
  }
  const key = parsed as Record<string, unknown>;
  if (typeof key.client_email !== 'string' || typeof key.private_key !== 'string') {
    throw new EbbError(
      'INVALID_ARGUMENT',
      'credentials: a service account key has client_email and private_key; create one under IAM → Service accounts → Keys → Add key → JSON.',
    );
  }
  return json.trim();
}

/** The stored configuration of a warehouse of `kind` with these settings (paths made absolute). */
export function warehouseConfigOf(
  kind: WarehouseKind,
  given: Record<string, unknown>,
  home: string,
  previous?: WarehouseConfig,
): WarehouseConfig {
  const s = parseSettings(kind, given);
  const str = (key: string) => s[key] as string;
  const opt = (key: string) => (typeof s[key] === 'string' && s[key] !== '' ? str(key) : undefined);
  switch (kind) {
    case 'duckdb':
      return { kind, path: path.resolve(str('path')) };
    case 'postgres':
    case 'mysql':
      return { kind, url: str('url') };
    case 'files': {
      const dir = path.resolve(str('dir'));
      // An edited folder keeps its state file: the records delivered from the old folder are
      // still what the destinations hold, so the next diff against them converges.
      const statePath = previous?.kind === 'files' ? previous.statePath : filesStatePath(home, dir);
      return { kind, dir, statePath };
    }
    case 'snowflake':
      return {
        kind,
        account: str('account'),
        username: str('username'),
        privateKey: normalizePem(str('privateKey')),
        privateKeyPassphrase: opt('privateKeyPassphrase'),
        warehouse: str('warehouse'),
        database: str('database'),
        role: opt('role'),
      };
    case 'bigquery':
      return {
        kind,
        projectId: str('projectId'),
        credentials: bigQueryCredentials(str('credentials')),
        location: opt('location') ?? 'US',
        dataset: opt('dataset'),
      };
  }
}

/** A stored config's settings (what Ebb derived, like a folder's state file, left out). */
export function settingsOfConfig(config: WarehouseConfig): Record<string, unknown> {
  const { kind: _kind, ...rest } = config;
  if (config.kind === 'files') return { dir: config.dir };
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}

/** The settings fit to show: secrets masked, URL passwords and query values masked. */
export function maskedWarehouseSettings(config: WarehouseConfig): Record<string, unknown> {
  return maskSettings(describeSettings(SETTINGS()[config.kind]), settingsOfConfig(config));
}

/**
 * A stored config with an edit applied: omitted keys keep their value, a blank or masked secret
 * is kept, and a URL whose password (or query value) is still the mask keeps the stored one.
 */
export function updatedWarehouseConfig(
  stored: WarehouseConfig,
  patch: Record<string, unknown>,
  home: string,
): WarehouseConfig {
  const storedSettings = settingsOfConfig(stored);
  const merged = mergeSettings(describeSettings(SETTINGS()[stored.kind]), storedSettings, patch);
  if (typeof merged.url === 'string' && typeof storedSettings.url === 'string') {
    merged.url = keepMaskedUrlParts(merged.url, storedSettings.url);
  }
  return warehouseConfigOf(stored.kind, merged, home, stored);
}
