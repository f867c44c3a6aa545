import type { SettingSpec } from '../../../core/destinations/settings';

/**
 * A destination form's values as typed, derived from the type's settings (no per-type code).
 * Text-like keys hold strings; maps (headers) hold rows of name and value.
 */
export interface SettingsDraft {
  values: Record<string, string>;
  maps: Record<string, { key: string; value: string }[]>;
}

export type DraftErrors = Partial<Record<string, string>>;

const asText = (value: unknown): string =>
  value === undefined || value === null
    ? ''
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

/**
 * The form's starting values: defaults for a new destination; for an edit, the stored settings
 * as listed (secrets are never sent to the renderer, so their fields start blank = kept).
 */
export function initialDraft(
  specs: readonly SettingSpec[],
  saved?: Record<string, unknown>,
): SettingsDraft {
  const draft: SettingsDraft = { values: {}, maps: {} };
  for (const spec of specs) {
    const value = saved ? saved[spec.key] : spec.default;
    if (spec.kind === 'map') {
      const entries = value && typeof value === 'object' ? Object.keys(value) : [];
      draft.maps[spec.key] = entries.map((key) => ({
        key,
        value: spec.secret ? '' : asText((value as Record<string, unknown>)[key]),
      }));
    } else {
      draft.values[spec.key] = spec.secret && saved ? '' : asText(value);
    }
  }
  return draft;
}

const article = (label: string) => (/^[aeiou]/i.test(label) ? 'An' : 'A');
const lowerFirst = (label: string) =>
  /^[A-Z][a-z]/.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;

function rangeError(spec: SettingSpec, n: number): string | undefined {
  if (spec.min !== undefined && n < spec.min) return `at least ${spec.min}`;
  if (spec.max !== undefined && n > spec.max) return `at most ${spec.max}`;
  return undefined;
}

/**
 * The schema's rules the form can check as the user types: required keys, whole numbers and their
 * range, URLs, patterns, map entry names, JSON. The engine checks everything again on save.
 */
export function validateDraft(
  specs: readonly SettingSpec[],
  draft: SettingsDraft,
  editing: boolean,
): DraftErrors {
  const errors: DraftErrors = {};
  for (const spec of specs) {
    if (spec.kind === 'map') {
      (draft.maps[spec.key] ?? []).forEach((row, i) => {
        if (!row.key.trim() || (spec.namePattern && !new RegExp(spec.namePattern).test(row.key))) {
          errors[`${spec.key}.${i}`] = spec.invalidName ?? 'Not a valid name.';
        } else if (spec.valuePattern && !new RegExp(spec.valuePattern).test(row.value)) {
          errors[`${spec.key}.${i}`] = 'Values cannot contain line breaks.';
        }
      });
      continue;
    }
    const text = (draft.values[spec.key] ?? '').trim();
    if (!text) {
      // A blank secret of a saved destination means "keep the stored one".
      if (spec.required && !(editing && spec.secret)) {
        errors[spec.key] = `${article(spec.label)} ${lowerFirst(spec.label)} is required.`;
      }
      continue;
    }
    if (spec.kind === 'integer' || spec.kind === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n) || (spec.kind === 'integer' && !Number.isInteger(n))) {
        errors[spec.key] =
          `${spec.label}: ${spec.kind === 'integer' ? 'a whole number' : 'a number'}.`;
      } else {
        const range = rangeError(spec, n);
        if (range) errors[spec.key] = `${spec.label}: ${range}.`;
      }
    } else if (spec.kind === 'url') {
      try {
        const url = new URL(text);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
      } catch {
        errors[spec.key] = spec.invalid ?? 'Must be an http:// or https:// URL.';
      }
    } else if (spec.kind === 'json') {
      try {
        JSON.parse(text);
      } catch {
        errors[spec.key] = `${spec.label}: not valid JSON.`;
      }
    } else if (spec.pattern && !new RegExp(spec.pattern).test(text)) {
      errors[spec.key] = spec.invalid ?? `${spec.label}: not a valid value.`;
    }
  }
  return errors;
}

function valueOf(spec: SettingSpec, draft: SettingsDraft): unknown {
  if (spec.kind === 'map') {
    return Object.fromEntries((draft.maps[spec.key] ?? []).map((row) => [row.key, row.value]));
  }
  const text = (draft.values[spec.key] ?? '').trim();
  if (!text) return undefined;
  switch (spec.kind) {
    case 'integer':
    case 'number':
      return Number(text);
    case 'boolean':
      return text === 'true';
    case 'json':
      return JSON.parse(text) as unknown;
    default:
      return text;
  }
}

/** Every setting with a value: a new destination's config (defaults fill the rest). */
export function draftSettings(
  specs: readonly SettingSpec[],
  draft: SettingsDraft,
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = valueOf(spec, draft);
    if (value !== undefined) settings[spec.key] = value;
  }
  return settings;
}

/**
 * Only what the user changed, as `destinations.update` takes it: a blank secret is left out
 * (kept), a cleared optional key is null, header rows keep stored values when left blank.
 */
export function changedSettings(
  specs: readonly SettingSpec[],
  initial: SettingsDraft,
  draft: SettingsDraft,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const spec of specs) {
    if (spec.kind === 'map') {
      const before = JSON.stringify(initial.maps[spec.key] ?? []);
      if (JSON.stringify(draft.maps[spec.key] ?? []) !== before)
        patch[spec.key] = valueOf(spec, draft);
      continue;
    }
    const now = (draft.values[spec.key] ?? '').trim();
    if (now === (initial.values[spec.key] ?? '').trim()) continue;
    if (!now) {
      if (!spec.secret) patch[spec.key] = null;
      continue;
    }
    patch[spec.key] = valueOf(spec, draft);
  }
  return patch;
}
