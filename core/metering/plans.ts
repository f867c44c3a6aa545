import { z } from 'zod';
import { EbbError } from '../errors.js';
import { once } from '../once.js';
import type { Db } from '../store/openStore.js';
import {
  assertCycleDay,
  assertTimeZone,
  DEFAULT_CYCLE_DAY,
  isValidTimeZone,
  MAX_CYCLE_DAY,
  systemTimeZone,
} from './billingCycle.js';

/** The plans, in the order the CLI's usage line and the errors name them. */
export const PLAN_NAMES = ['free', 'teams', 'business', 'custom'] as const;
export type PlanName = (typeof PLAN_NAMES)[number];

interface CycleOptions {
  /** Day of the month the billing cycle starts, 1–28 (default 1). */
  cycleDay?: number;
  /** IANA time zone the cycle's midnights and usage days are in (default: the system's). */
  timeZone?: string;
}

export type PlanConfig = (
  | { plan: 'free' }
  | { plan: 'teams' }
  | { plan: 'business'; basis: 'mtus'; mtus: number }
  | { plan: 'business'; basis: 'apiCalls'; apiCalls: number }
  | { plan: 'custom'; limit: number }
) &
  CycleOptions;

/** A stored plan: cycle day and time zone always resolved. */
export type Plan = PlanConfig & { cycleDay: number; timeZone: string };

export const FREE_LIMIT = 500_000;
export const TEAMS_LIMIT = 1_000_000;
export const RECORDS_PER_MTU = 50;
export const RECORDS_PER_API_CALL = 0.25;

/** Built on first use: a start that reads no plan builds none of it. */
export const planConfigSchema = once((): z.ZodType<PlanConfig> => {
  const count = z.number().int().nonnegative();
  const cycleFields = {
    cycleDay: z.number().int().min(1).max(MAX_CYCLE_DAY).optional(),
    timeZone: z
      .string()
      .refine(isValidTimeZone, { message: 'not a known IANA time zone' })
      .optional(),
  };

  return z.union([
    z.strictObject({ plan: z.literal('free'), ...cycleFields }),
    z.strictObject({ plan: z.literal('teams'), ...cycleFields }),
    z.strictObject({
      plan: z.literal('business'),
      basis: z.literal('mtus'),
      mtus: count,
      ...cycleFields,
    }),
    z.strictObject({
      plan: z.literal('business'),
      basis: z.literal('apiCalls'),
      apiCalls: count,
      ...cycleFields,
    }),
    z.strictObject({ plan: z.literal('custom'), limit: count, ...cycleFields }),
  ]);
});

/** Records per billing cycle the plan allows (delivered + failed, summed over destinations). */
export function monthlyLimit(plan: PlanConfig): number {
  switch (plan.plan) {
    case 'free':
      return FREE_LIMIT;
    case 'teams':
      return TEAMS_LIMIT;
    case 'business':
      return plan.basis === 'mtus'
        ? Math.floor(RECORDS_PER_MTU * plan.mtus)
        : Math.floor(RECORDS_PER_API_CALL * plan.apiCalls);
    case 'custom':
      return Math.floor(plan.limit);
  }
}

/** Options as the CLI (`ebb plan set`) and the settings form give them. */
export interface PlanOptions {
  plan: string;
  mtus?: number;
  apiCalls?: number;
  limit?: number;
  cycleDay?: number;
  timeZone?: string;
}

/**
 * Turns loose options into a PlanConfig, with messages that name the flag to fix
 * (`--mtus`, `--api-calls`, `--limit`, `--cycle-day`).
 */
export function planFromOptions(options: PlanOptions): PlanConfig {
  const invalid = (message: string) => new EbbError('INVALID_ARGUMENT', message);
  const { plan, mtus, apiCalls, limit } = options;
  const wholeCount = (value: number, flag: string) => {
    if (!Number.isInteger(value) || value < 0) {
      throw invalid(`${flag} must be a whole number of 0 or more (got ${value}).`);
    }
    return value;
  };
  const onlyFor = (flag: string, value: number | undefined, owner: string) => {
    if (value !== undefined) throw invalid(`${flag} only applies to the ${owner} plan.`);
  };
  if (!(PLAN_NAMES as readonly string[]).includes(plan)) {
    throw invalid(`Unknown plan "${plan}". Choose free, teams, business or custom.`);
  }
  if (plan !== 'business') {
    onlyFor('--mtus', mtus, 'business');
    onlyFor('--api-calls', apiCalls, 'business');
  }
  if (plan !== 'custom') onlyFor('--limit', limit, 'custom');
  if (options.cycleDay !== undefined) assertCycleDay(options.cycleDay);
  if (options.timeZone !== undefined) assertTimeZone(options.timeZone);
  const cycle: CycleOptions = {};
  if (options.cycleDay !== undefined) cycle.cycleDay = options.cycleDay;
  if (options.timeZone !== undefined) cycle.timeZone = options.timeZone;

  switch (plan) {
    case 'free':
      return { plan, ...cycle };
    case 'teams':
      return { plan, ...cycle };
    case 'business':
      if ((mtus === undefined) === (apiCalls === undefined)) {
        throw invalid(
          'A business plan is sized by MTUs or by monthly API calls: pass exactly one of ' +
            '--mtus N or --api-calls N.',
        );
      }
      return mtus !== undefined
        ? { plan, basis: 'mtus', mtus: wholeCount(mtus, '--mtus'), ...cycle }
        : { plan, basis: 'apiCalls', apiCalls: wholeCount(apiCalls ?? 0, '--api-calls'), ...cycle };
    default:
      if (limit === undefined) {
        throw invalid('A custom plan needs its monthly record limit: pass --limit N.');
      }
      return { plan: 'custom', limit: wholeCount(limit, '--limit'), ...cycle };
  }
}

export const PLAN_SETTING_KEY = 'billing.plan';

/**
 * The plan in the config store's `settings` table. Until one is set the plan is Free, cycling on
 * the 1st in the system's time zone. Setting a plan without a cycle day or time zone keeps the
 * stored plan's (a change of plan mid-cycle does not move the billing cycle), else the 1st and
 * the system's current zone, pinned so billing days do not move when the laptop travels.
 */
export function planRepo(db: Db, options: { systemTimeZone?: () => string } = {}) {
  const zone = options.systemTimeZone ?? systemTimeZone;
  const resolve = (config: PlanConfig, kept?: CycleOptions): Plan => ({
    ...config,
    cycleDay: config.cycleDay ?? kept?.cycleDay ?? DEFAULT_CYCLE_DAY,
    timeZone: config.timeZone ?? kept?.timeZone ?? zone(),
  });

  const read = db.prepare('select value from settings where key = ?');
  // The meter reads the plan before every batch: the stored text is parsed again only when it
  // changed (another process may set a plan at any time, so it is read every time).
  let last: { value: string; config: PlanConfig } | undefined;

  /** The stored plan as set; undefined when none is, null when it is unreadable. */
  const stored = (): PlanConfig | undefined | null => {
    const row = read.get(PLAN_SETTING_KEY) as { value: string } | undefined;
    if (!row) return undefined;
    if (row.value === last?.value) return last.config;
    let value: unknown;
    try {
      value = JSON.parse(row.value);
    } catch {
      value = undefined;
    }
    const parsed = planConfigSchema().safeParse(value);
    if (!parsed.success) return null;
    last = { value: row.value, config: parsed.data };
    return parsed.data;
  };

  return {
    get(): Plan {
      const config = stored();
      if (config === null) {
        throw new EbbError(
          'INTERNAL',
          'The stored billing plan is unreadable. Set it again with `ebb plan set …`.',
        );
      }
      return resolve(config ?? { plan: 'free' });
    },
    set(config: PlanConfig): Plan {
      const parsed = planConfigSchema().safeParse(config);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new EbbError(
          'INVALID_ARGUMENT',
          `Invalid plan: ${issue ? `${issue.path.join('.') || 'plan'}: ${issue.message}` : 'unknown problem'}.`,
        );
      }
      const plan = resolve(parsed.data, stored() ?? undefined);
      db.prepare(
        'insert into settings (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
      ).run(PLAN_SETTING_KEY, JSON.stringify(plan));
      return plan;
    },
  };
}

export type PlanRepo = ReturnType<typeof planRepo>;
