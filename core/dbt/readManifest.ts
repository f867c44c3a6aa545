import { z } from 'zod';
import { EbbError } from '../errors.js';
import { once } from '../once.js';

/**
 * The part of dbt's manifest.json (https://docs.getdbt.com/reference/artifacts/manifest-json,
 * schemas v7–v12 at https://schemas.getdbt.com/dbt/manifest/) Ebb reads: `nodes` keyed by
 * unique_id, each with `resource_type`. A model node has `database`, `schema`, `name`, `alias`,
 * `config.materialized`, `description`, `columns` (with `constraints` from v1.5) and, from v1.6,
 * `relation_name`. A generic test node has `test_metadata.name` (`unique`), `column_name` (or
 * `test_metadata.kwargs.column_name`), and the model it tests in `attached_node` (v1.5+) or else
 * `depends_on.nodes`. Everything else in the file is ignored. Built on first use (`dbt import`).
 */
const manifest = once(() => {
  const column = z
    .object({
      name: z.string(),
      description: z.string().nullish(),
      constraints: z.array(z.object({ type: z.string() }).passthrough()).nullish(),
    })
    .passthrough();

  const node = z
    .object({
      resource_type: z.string(),
      unique_id: z.string(),
      name: z.string(),
      database: z.string().nullish(),
      schema: z.string().nullish(),
      alias: z.string().nullish(),
      relation_name: z.string().nullish(),
      description: z.string().nullish(),
      config: z
        .object({ materialized: z.string().nullish(), enabled: z.boolean().nullish() })
        .passthrough()
        .nullish(),
      columns: z.record(z.string(), column).nullish(),
      column_name: z.string().nullish(),
      attached_node: z.string().nullish(),
      depends_on: z
        .object({ nodes: z.array(z.string()).nullish() })
        .passthrough()
        .nullish(),
      test_metadata: z
        .object({
          name: z.string(),
          namespace: z.string().nullish(),
          kwargs: z.record(z.string(), z.unknown()).nullish(),
        })
        .passthrough()
        .nullish(),
    })
    .passthrough();

  return z
    .object({
      metadata: z
        .object({
          dbt_schema_version: z.string().nullish(),
          project_name: z.string().nullish(),
          adapter_type: z.string().nullish(),
        })
        .passthrough(),
      nodes: z.record(z.string(), node),
    })
    .passthrough();
});

/** The materializations that leave a relation in the warehouse to select from. */
const RELATION_MATERIALIZATIONS = new Set(['table', 'view', 'incremental']);

export interface DbtModel {
  uniqueId: string;
  name: string;
  schema: string;
  /** The relation's name in its schema (the model's alias, else its name). */
  identifier: string;
  /** dbt's own rendering of the relation, when the manifest has it. */
  relationName: string | null;
  materialized: string;
  description: string | null;
  /** The column a `unique` test (or a primary_key constraint) names; null when none does. */
  uniqueColumn: string | null;
  /** The columns declared in the project's YAML, in order (may be empty). */
  columns: string[];
}

export interface DbtManifest {
  project: string | null;
  schemaVersion: string | null;
  models: DbtModel[];
  /** Models left out, with why (ephemeral, disabled…). */
  skipped: { name: string; reason: string }[];
}

/** Reads a manifest.json text into the models Ebb can select from. */
export function readManifest(text: string, file: string): DbtManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new EbbError(
      'INVALID_ARGUMENT',
      `${file} is not JSON (${(error as Error).message}). Give dbt's target/manifest.json, written by \`dbt parse\` or any dbt run.`,
    );
  }
  const parsed = manifest().safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EbbError(
      'INVALID_ARGUMENT',
      `${file} is not a dbt manifest: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'unexpected shape'}. Give dbt's target/manifest.json.`,
    );
  }
  const nodes = Object.values(parsed.data.nodes);
  const uniqueColumns = new Map<string, string>();
  for (const test of nodes) {
    if (test.resource_type !== 'test' || test.test_metadata?.name !== 'unique') continue;
    const kwarg = test.test_metadata.kwargs?.column_name;
    const columnName = test.column_name ?? (typeof kwarg === 'string' ? kwarg : null);
    const target =
      test.attached_node ?? test.depends_on?.nodes?.find((id) => id.startsWith('model.'));
    if (columnName && target && !uniqueColumns.has(target)) uniqueColumns.set(target, columnName);
  }
  const models: DbtModel[] = [];
  const skipped: DbtManifest['skipped'] = [];
  for (const model of nodes) {
    if (model.resource_type !== 'model') continue;
    const materialized = model.config?.materialized ?? 'view';
    if (model.config?.enabled === false) {
      skipped.push({ name: model.name, reason: 'disabled in dbt' });
      continue;
    }
    if (!RELATION_MATERIALIZATIONS.has(materialized)) {
      skipped.push({
        name: model.name,
        reason: `materialized as ${materialized}: it leaves no table or view to select from`,
      });
      continue;
    }
    if (!model.schema) {
      skipped.push({ name: model.name, reason: 'the manifest names no schema for it' });
      continue;
    }
    const columns = Object.values(model.columns ?? {});
    const primaryKey = columns.find((c) => c.constraints?.some((k) => k.type === 'primary_key'));
    models.push({
      uniqueId: model.unique_id,
      name: model.name,
      schema: model.schema,
      identifier: model.alias || model.name,
      relationName: model.relation_name ?? null,
      materialized,
      description: model.description?.trim() || null,
      uniqueColumn: uniqueColumns.get(model.unique_id) ?? primaryKey?.name ?? null,
      columns: columns.map((c) => c.name),
    });
  }
  models.sort((a, b) => a.name.localeCompare(b.name));
  return {
    project: parsed.data.metadata.project_name ?? null,
    schemaVersion: parsed.data.metadata.dbt_schema_version ?? null,
    models,
    skipped,
  };
}
