import type { CallInput } from '../../../core/api/contract';
import type { Plan, PlanName } from '../../../core/metering/plans';
import { parseWholeNumber } from '../components/wholeNumber';
import { records } from './format';

/*
 * The renderer may import only types from core/, so the plan arithmetic of
 * core/metering/plans.ts (`monthlyLimit`) is restated here for the live preview; the engine's
 * answer to `plan.set` stays the authority and replaces the preview once saved.
 */
export const FREE_LIMIT = 500_000;
export const TEAMS_LIMIT = 1_000_000;
export const RECORDS_PER_MTU = 50;
export const RECORDS_PER_API_CALL = 0.25;
export const MAX_CYCLE_DAY = 28;

/** The bounds `plan.set` accepts (core/api/contract.ts). */
const MAX = { mtus: 1e12, apiCalls: 1e15, limit: 1e15 } as const;

export type Basis = 'mtus' | 'apiCalls';
export type NumberField = 'mtus' | 'apiCalls' | 'limit';

/** The form's state: numbers as typed, so "1,000" and half-typed values survive. */
export interface PlanDraft {
  plan: PlanName;
  basis: Basis;
  mtus: string;
  apiCalls: string;
  limit: string;
  cycleDay: number;
  timeZone: string;
}

export type StoredPlan = Plan & { limit: number };

export function draftFromPlan(plan: StoredPlan): PlanDraft {
  return {
    plan: plan.plan,
    basis: plan.plan === 'business' ? plan.basis : 'mtus',
    mtus: plan.plan === 'business' && plan.basis === 'mtus' ? records(plan.mtus) : '',
    apiCalls: plan.plan === 'business' && plan.basis === 'apiCalls' ? records(plan.apiCalls) : '',
    limit: plan.plan === 'custom' ? records(plan.limit) : '',
    cycleDay: plan.cycleDay,
    timeZone: plan.timeZone,
  };
}

const LABEL: Record<NumberField, string> = {
  mtus: 'the number of monthly tracked users',
  apiCalls: 'the number of monthly API calls',
  limit: 'the monthly record limit',
};

/** A whole number as typed, with or without the locale's grouping; a message when it is not one. */
export function parseCount(text: string, field: NumberField): number | string {
  if (text.trim() === '') return `Enter ${LABEL[field]}.`;
  const value = parseWholeNumber(text);
  if (value === null) return `Use a whole number of 0 or more, like ${records(25_000)}.`;
  if (value > MAX[field]) return `At most ${records(MAX[field])}.`;
  return value;
}

export interface DraftCheck {
  /** Inline messages by field. */
  errors: Partial<Record<NumberField, string>>;
  /** What `plan.set` gets, when the draft is valid. */
  input: CallInput<'plan.set'> | null;
  /** The monthly limit the draft would give, when it is valid. */
  limit: number | null;
  /** How the limit is reached, for the preview: "50 × 3,000 MTUs". */
  explanation: string | null;
}

export function checkDraft(draft: PlanDraft): DraftCheck {
  const cycle = { cycleDay: draft.cycleDay, timeZone: draft.timeZone };
  const failed = (field: NumberField, message: string): DraftCheck => ({
    errors: { [field]: message },
    input: null,
    limit: null,
    explanation: null,
  });
  const valid = (input: CallInput<'plan.set'>, limit: number, explanation: string): DraftCheck => ({
    errors: {},
    input: { ...input, ...cycle },
    limit,
    explanation,
  });
  switch (draft.plan) {
    case 'free':
      return valid({ plan: 'free' }, FREE_LIMIT, 'the Free plan');
    case 'teams':
      return valid({ plan: 'teams' }, TEAMS_LIMIT, 'the Teams plan');
    case 'business': {
      const field = draft.basis;
      const value = parseCount(draft[field], field);
      if (typeof value === 'string') return failed(field, value);
      return field === 'mtus'
        ? valid(
            { plan: 'business', mtus: value },
            Math.floor(RECORDS_PER_MTU * value),
            `${RECORDS_PER_MTU} × ${records(value)} MTUs`,
          )
        : valid(
            { plan: 'business', apiCalls: value },
            Math.floor(RECORDS_PER_API_CALL * value),
            `${RECORDS_PER_API_CALL} × ${records(value)} API calls`,
          );
    }
    case 'custom': {
      const value = parseCount(draft.limit, 'limit');
      if (typeof value === 'string') return failed('limit', value);
      return valid({ plan: 'custom', limit: value }, value, 'a custom limit');
    }
  }
}

/** Whether the draft says something other than the stored plan. */
export function sameAsStored(input: CallInput<'plan.set'>, plan: StoredPlan): boolean {
  const stored = checkDraft(draftFromPlan(plan)).input;
  return JSON.stringify(stored) === JSON.stringify(input);
}

export const PLAN_LABEL: Record<PlanName, string> = {
  free: 'Free',
  teams: 'Teams',
  business: 'Business',
  custom: 'Custom',
};
