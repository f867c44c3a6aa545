import { z } from 'zod';
import { MASK, maskUrl } from '../secrets/mask.js';

/**
 * What a settings key declares besides its zod type, with `.meta({...})` on the key's schema.
 * Whether a key is required and its default come from the schema itself.
 */
export interface SettingMeta {
  label: string;
  /** Stored sealed, never shown again (masked in lists, left blank in edit forms). */
  secret?: boolean;
  help?: string;
  placeholder?: string;
  /** Shown folded under "Advanced" in the form. */
  advanced?: boolean;
  /** An older dedicated CLI flag for this key (`--rate` for ratePerSecond); map keys repeat it. */
  flag?: string;
  /** What the form says when the value does not match the schema's pattern. */
  invalid?: string;
  /** What the form says when a map entry's name does not match its pattern. */
  invalidName?: string;
}

/** How a setting is entered: derived from its zod type. */
export type SettingKind =
  'text' | 'url' | 'integer' | 'number' | 'boolean' | 'choice' | 'map' | 'json';

/** One settings key as the CLI (`destination types`) and the renderer's form see it. */
export interface SettingSpec {
  key: string;
  label: string;
  required: boolean;
  secret: boolean;
  default?: unknown;
  kind: SettingKind;
  choices?: string[];
  min?: number;
  max?: number;
  help?: string;
  placeholder?: string;
  advanced?: boolean;
  flag?: string;
  /** The value's pattern (a JavaScript regular expression) and what to say when it fails. */
  pattern?: string;
  invalid?: string;
  /** For maps: the patterns of entry names and values. */
  namePattern?: string;
  invalidName?: string;
  valuePattern?: string;
}

interface JsonSchemaNode {
  type?: string;
  format?: string;
  enum?: unknown[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  pattern?: string;
  propertyNames?: JsonSchemaNode;
  additionalProperties?: JsonSchemaNode | boolean;
  properties?: Record<string, JsonSchemaNode>;
}

const SAFE_INT = Number.MAX_SAFE_INTEGER;

function kindOf(node: JsonSchemaNode): SettingKind {
  if (node.enum) return 'choice';
  switch (node.type) {
    case 'string':
      return node.format === 'uri' ? 'url' : 'text';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return typeof node.additionalProperties === 'object' &&
        node.additionalProperties.type === 'string'
        ? 'map'
        : 'json';
    default:
      return 'text';
  }
}

/** The keys of a settings schema, in declaration order, as the CLI and the form show them. */
export function describeSettings(schema: z.ZodObject): SettingSpec[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, JsonSchemaNode>;
    required?: string[];
  };
  const required = new Set(json.required ?? []);
  return Object.entries(schema.shape).map(([key, field]) => {
    const meta = ((field as z.ZodType).meta() ?? {}) as Partial<SettingMeta>;
    const node = json.properties?.[key] ?? {};
    const kind = kindOf(node);
    const spec: SettingSpec = {
      key,
      label: meta.label ?? key,
      required: required.has(key),
      secret: meta.secret === true,
      kind,
    };
    if (node.default !== undefined) spec.default = node.default;
    if (node.enum) spec.choices = node.enum.map(String);
    const min = node.minimum ?? node.exclusiveMinimum;
    if (min !== undefined && Math.abs(min) < SAFE_INT) spec.min = min;
    if (node.maximum !== undefined && Math.abs(node.maximum) < SAFE_INT) spec.max = node.maximum;
    if (meta.help) spec.help = meta.help;
    if (meta.placeholder) spec.placeholder = meta.placeholder;
    if (meta.advanced) spec.advanced = true;
    if (meta.flag) spec.flag = meta.flag;
    if (node.pattern) spec.pattern = node.pattern;
    if (meta.invalid) spec.invalid = meta.invalid;
    if (node.propertyNames?.pattern) spec.namePattern = node.propertyNames.pattern;
    if (meta.invalidName) spec.invalidName = meta.invalidName;
    if (typeof node.additionalProperties === 'object' && node.additionalProperties.pattern) {
      spec.valuePattern = node.additionalProperties.pattern;
    }
    return spec;
  });
}

/**
 * A value typed on the command line (`--set KEY=VALUE`) as the key's type. Values that do not
 * read as that type are passed on as text, so the schema names the problem.
 */
export function settingFromText(spec: SettingSpec, text: string, previous?: unknown): unknown {
  switch (spec.kind) {
    case 'integer':
    case 'number':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'json':
      return parseJson(text);
    case 'map': {
      if (text.trim().startsWith('{')) return parseJson(text);
      // "Name: value" entries, one per --set (or --header), added to the ones before.
      const colon = text.indexOf(':');
      const base = typeof previous === 'object' && previous !== null ? previous : {};
      if (colon <= 0) return text;
      return { ...base, [text.slice(0, colon).trim()]: text.slice(colon + 1).trim() };
    }
    default:
      return text;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The settings as a user may see them: secrets masked, URLs without passwords or query values. */
export function maskSettings(
  specs: readonly SettingSpec[],
  settings: Record<string, unknown>,
): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    const spec = specs.find((s) => s.key === key);
    if (spec?.secret) {
      shown[key] =
        spec.kind === 'map' && typeof value === 'object' && value !== null
          ? Object.fromEntries(Object.keys(value).map((name) => [name, MASK]))
          : MASK;
    } else if (typeof value === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      shown[key] = maskUrl(value);
    } else {
      shown[key] = value;
    }
  }
  return shown;
}

/**
 * An edit applied to stored settings: omitted keys keep their value, `null` clears an optional
 * key. A secret map entry left blank (or still masked) keeps its stored value, so an edit form
 * can list header names without ever holding their values.
 */
export function mergeSettings(
  specs: readonly SettingSpec[],
  stored: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...stored };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      delete merged[key];
      continue;
    }
    const spec = specs.find((s) => s.key === key);
    const old = stored[key];
    if (spec?.secret && spec.kind !== 'map' && (value === '' || value === MASK)) continue;
    if (
      spec?.secret &&
      spec.kind === 'map' &&
      typeof value === 'object' &&
      typeof old === 'object' &&
      old !== null
    ) {
      const kept = old as Record<string, unknown>;
      merged[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([name, v]) =>
          (v === '' || v === MASK) && name in kept ? [name, kept[name]] : [name, v],
        ),
      );
      continue;
    }
    merged[key] = value;
  }
  return merged;
}
