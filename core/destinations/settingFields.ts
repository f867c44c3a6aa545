import { z } from 'zod';
import type { SettingMeta } from './settings.js';

/** The field kinds the destination types' settings share, each with its `.meta` (SettingMeta). */

/** A credential: required (`required` says so when it is empty), stored sealed, never shown. */
export const secretSetting = (required: string, meta: Omit<SettingMeta, 'secret'>) =>
  z
    .string()
    .min(1, required)
    .meta({ ...meta, secret: true });

/** A whole number from 1 (to `range.max` when given), `range.default` when unset. */
export const countSetting = (range: { max?: number; default: number }, meta: SettingMeta) => {
  const count = range.max === undefined ? z.int().min(1) : z.int().min(1).max(range.max);
  return count.default(range.default).meta({ ...meta });
};

/** The time one request (or call) may take before it counts as timed out. */
export const timeoutSetting = (defaultMs: number) =>
  countSetting({ default: defaultMs }, { label: 'Time-out (ms)', advanced: true });

/** A positive rate; unset, no limit. */
export const rateSetting = (meta: SettingMeta) =>
  z
    .number()
    .positive()
    .optional()
    .meta({ placeholder: 'No limit', ...meta });

/** An http:// or https:// URL (chain `.default` and `.meta` with `invalid: INVALID_HTTP_URL`). */
export const httpUrl = () =>
  z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

export const INVALID_HTTP_URL = 'Must be an http:// or https:// URL.';

/** A required http:// or https:// URL setting. */
export const httpUrlSetting = (meta: SettingMeta) =>
  httpUrl().meta({ invalid: INVALID_HTTP_URL, ...meta });
