import { createHash } from 'node:crypto';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { once } from '../once.js';

/**
 * One model as a file in a project folder: `models/NAME.sql`, the SQL after a small YAML header
 * in a block comment (so the file still runs as it is in a SQL console):
 *
 *     /*---
 *     name: active_users
 *     warehouse: Sample
 *     id: user_id
 *     timestamp: updated_at
 *     description: Users seen in the last 30 days
 *     ---*\/
 *     select …
 *
 * The same keys may sit in a sibling `NAME.yml` instead (then the .sql is plain SQL).
 */
export interface ModelFileContent {
  name: string;
  warehouse: string | null;
  idColumn: string;
  timestampColumn: string | null;
  description: string | null;
  sql: string;
}

const HEADER_START = '/*---';
const HEADER_END = '---*/';

const header = once(() =>
  z
    .object({
      name: z.string().trim().min(1).max(128).optional(),
      warehouse: z.string().trim().min(1).optional(),
      id: z
        .string({ error: 'the id column is required (`id: COLUMN`)' })
        .trim()
        .min(1, 'the id column is required (`id: COLUMN`)'),
      timestamp: z.string().trim().min(1).nullish(),
      description: z.string().nullish(),
    })
    .strict(),
);

export class ModelFileError extends Error {}

/** Reads a model file (and its sibling .yml, when it has no header); throws ModelFileError. */
export function parseModelFile(
  text: string,
  fallbackName: string,
  siblingYaml: string | null,
): ModelFileContent {
  const normalized = text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  let yamlText: string;
  let sql: string;
  if (normalized.startsWith(HEADER_START)) {
    const end = normalized.indexOf(HEADER_END);
    if (end < 0)
      throw new ModelFileError(
        `the header opened by ${HEADER_START} is not closed by ${HEADER_END}`,
      );
    yamlText = normalized.slice(HEADER_START.length, end);
    sql = normalized.slice(end + HEADER_END.length).replace(/^\n/, '');
  } else if (siblingYaml !== null) {
    yamlText = siblingYaml;
    sql = normalized;
  } else {
    throw new ModelFileError(
      `no header: start the file with a ${HEADER_START} … ${HEADER_END} YAML block (id: COLUMN at least), or put those keys in a sibling .yml`,
    );
  }
  let raw: unknown;
  try {
    raw = parse(yamlText) ?? {};
  } catch (error) {
    throw new ModelFileError(`the YAML header does not parse: ${(error as Error).message}`);
  }
  const parsed = header().safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelFileError(
      `the YAML header: ${issue?.path.join('.') || 'header'}: ${issue?.message ?? 'unexpected shape'} (keys: name, warehouse, id, timestamp, description)`,
    );
  }
  if (!sql.trim()) throw new ModelFileError('the file has no SQL after its header');
  return {
    name: parsed.data.name ?? fallbackName,
    warehouse: parsed.data.warehouse ?? null,
    idColumn: parsed.data.id,
    timestampColumn: parsed.data.timestamp ?? null,
    description: parsed.data.description?.trim() || null,
    sql: sql.replace(/\n+$/, ''),
  };
}

/** The file Ebb writes for a model (header form). */
export function renderModelFile(model: ModelFileContent): string {
  const fields: Record<string, string> = { name: model.name };
  if (model.warehouse) fields.warehouse = model.warehouse;
  fields.id = model.idColumn;
  if (model.timestampColumn) fields.timestamp = model.timestampColumn;
  if (model.description) fields.description = model.description;
  const yaml = stringify(fields, { lineWidth: 0 }).replaceAll(HEADER_END, '--- */');
  return `${HEADER_START}\n${yaml}${HEADER_END}\n${model.sql.replace(/\n+$/, '')}\n`;
}

export const hashText = (text: string): string =>
  createHash('sha256').update(text).digest('hex').slice(0, 32);

/** A hash of what a model says, whatever its file's formatting: compared to tell who changed. */
export const hashModel = (model: ModelFileContent): string =>
  hashText(
    JSON.stringify([
      model.name,
      model.warehouse,
      model.idColumn,
      model.timestampColumn,
      model.description,
      model.sql.replace(/\n+$/, ''),
    ]),
  );
