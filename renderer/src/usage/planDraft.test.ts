import { describe, expect, it } from 'vitest';
import { checkDraft, type PlanDraft } from './planDraft';

const draft = (patch: Partial<PlanDraft>): PlanDraft => ({
  plan: 'free',
  basis: 'mtus',
  mtus: '',
  apiCalls: '',
  limit: '',
  cycleDay: 5,
  timeZone: 'Europe/Paris',
  ...patch,
});

describe('checkDraft', () => {
  it('gives each plan its plan.set input (with the cycle), its limit and how the limit is reached', () => {
    const cycle = { cycleDay: 5, timeZone: 'Europe/Paris' };
    expect(checkDraft(draft({ plan: 'free' }))).toEqual({
      errors: {},
      input: { plan: 'free', ...cycle },
      limit: 500_000,
      explanation: 'the Free plan',
    });
    expect(checkDraft(draft({ plan: 'teams' }))).toMatchObject({
      input: { plan: 'teams', ...cycle },
      limit: 1_000_000,
    });
    expect(checkDraft(draft({ plan: 'business', basis: 'mtus', mtus: '3000' }))).toMatchObject({
      input: { plan: 'business', mtus: 3000, ...cycle },
      limit: 150_000,
    });
    expect(
      checkDraft(draft({ plan: 'business', basis: 'apiCalls', apiCalls: '400000' })),
    ).toMatchObject({ input: { plan: 'business', apiCalls: 400_000, ...cycle }, limit: 100_000 });
    expect(checkDraft(draft({ plan: 'custom', limit: '42' }))).toMatchObject({
      input: { plan: 'custom', limit: 42, ...cycle },
      limit: 42,
      explanation: 'a custom limit',
    });
  });

  it('keeps no input while a number is missing, and says which', () => {
    const check = checkDraft(draft({ plan: 'custom', limit: '' }));
    expect(check.input).toBeNull();
    expect(check.errors.limit).toBe('Enter the monthly record limit.');
  });
});
