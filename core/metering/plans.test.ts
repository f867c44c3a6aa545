import { expect, test } from 'vitest';
import { openStore } from '../store/openStore.js';
import { storePerTest } from '../testing/storePerTest.js';
import { systemTimeZone } from './billingCycle.js';
import {
  monthlyLimit,
  planConfigSchema,
  planFromOptions,
  planRepo,
  type PlanConfig,
} from './plans.js';

const stores = storePerTest();
const store = stores.open;

test('each plan has its monthly record limit', () => {
  const cases: [PlanConfig, number][] = [
    [{ plan: 'free' }, 500_000],
    [{ plan: 'teams' }, 1_000_000],
    [{ plan: 'business', basis: 'mtus', mtus: 10_000 }, 500_000],
    [{ plan: 'business', basis: 'mtus', mtus: 0 }, 0],
    [{ plan: 'business', basis: 'apiCalls', apiCalls: 4_000_000 }, 1_000_000],
    [{ plan: 'business', basis: 'apiCalls', apiCalls: 10 }, 2], // 2.5 rounds down
    [{ plan: 'custom', limit: 1_000 }, 1_000],
  ];
  for (const [plan, limit] of cases) expect(monthlyLimit(plan)).toBe(limit);
});

test('the schema accepts exactly the plan shapes', () => {
  expect(
    planConfigSchema().safeParse({ plan: 'teams', cycleDay: 28, timeZone: 'Asia/Kolkata' }).success,
  ).toBe(true);
  expect(
    planConfigSchema().safeParse({ plan: 'business', basis: 'apiCalls', apiCalls: 8 }).success,
  ).toBe(true);
  for (const bad of [
    { plan: 'gold' },
    { plan: 'business' },
    { plan: 'business', basis: 'mtus', apiCalls: 8 },
    { plan: 'custom' },
    { plan: 'custom', limit: -1 },
    { plan: 'custom', limit: 1.5 },
    { plan: 'free', limit: 10 },
    { plan: 'free', cycleDay: 29 },
    { plan: 'free', timeZone: 'Nowhere/Land' },
  ]) {
    expect(planConfigSchema().safeParse(bad).success, JSON.stringify(bad)).toBe(false);
  }
});

test('until a plan is set it is Free, cycling on the 1st in the system time zone', () => {
  const { db } = store();
  expect(planRepo(db).get()).toEqual({ plan: 'free', cycleDay: 1, timeZone: systemTimeZone() });
});

test('a set plan is stored in the config store and survives reopening', () => {
  const { db, home } = store();
  const plans = planRepo(db, { systemTimeZone: () => 'Asia/Kolkata' });
  const saved = plans.set({ plan: 'custom', limit: 1_000, cycleDay: 28 });
  expect(saved).toEqual({ plan: 'custom', limit: 1_000, cycleDay: 28, timeZone: 'Asia/Kolkata' });
  db.close();
  const again = openStore(home);
  stores.defer(() => again.close());
  // The time zone was pinned when the plan was set; another system zone does not move it.
  expect(planRepo(again, { systemTimeZone: () => 'UTC' }).get()).toEqual(saved);
  planRepo(again).set({ plan: 'teams', timeZone: 'America/New_York' });
  expect(planRepo(again).get()).toEqual({
    plan: 'teams',
    cycleDay: 28,
    timeZone: 'America/New_York',
  });
});

test('a change of plan keeps the billing cycle: its day and time zone stay unless given', () => {
  const { db } = store();
  const plans = planRepo(db, { systemTimeZone: () => 'UTC' });
  plans.set({ plan: 'custom', limit: 1_000, cycleDay: 15, timeZone: 'America/Los_Angeles' });
  // `ebb plan set teams` mid-cycle: before, the cycle moved to the 1st in the system's zone.
  expect(plans.set({ plan: 'teams' })).toEqual({
    plan: 'teams',
    cycleDay: 15,
    timeZone: 'America/Los_Angeles',
  });
  expect(plans.set({ plan: 'business', basis: 'mtus', mtus: 100, cycleDay: 3 })).toEqual({
    plan: 'business',
    basis: 'mtus',
    mtus: 100,
    cycleDay: 3,
    timeZone: 'America/Los_Angeles',
  });
  expect(plans.get()).toMatchObject({ cycleDay: 3, timeZone: 'America/Los_Angeles' });
});

test('an invalid plan is refused and the stored one kept', () => {
  const { db } = store();
  const plans = planRepo(db);
  plans.set({ plan: 'teams', timeZone: 'UTC' });
  expect(() => plans.set({ plan: 'custom', limit: -5 })).toThrow(/Invalid plan: limit/);
  expect(() => plans.set({ plan: 'free', cycleDay: 31 })).toThrow(/cycleDay/);
  expect(plans.get().plan).toBe('teams');
});

test('CLI options become a plan, and wrong combinations name the flag to fix', () => {
  expect(planFromOptions({ plan: 'free' })).toEqual({ plan: 'free' });
  expect(planFromOptions({ plan: 'business', mtus: 100, cycleDay: 15 })).toEqual({
    plan: 'business',
    basis: 'mtus',
    mtus: 100,
    cycleDay: 15,
  });
  expect(planFromOptions({ plan: 'business', apiCalls: 400 })).toEqual({
    plan: 'business',
    basis: 'apiCalls',
    apiCalls: 400,
  });
  expect(planFromOptions({ plan: 'custom', limit: 1_000 })).toEqual({
    plan: 'custom',
    limit: 1_000,
  });
  expect(() => planFromOptions({ plan: 'gold' })).toThrow(/free, teams, business or custom/);
  expect(() => planFromOptions({ plan: 'business' })).toThrow(/--mtus N or --api-calls N/);
  expect(() => planFromOptions({ plan: 'business', mtus: 1, apiCalls: 1 })).toThrow(/exactly one/);
  expect(() => planFromOptions({ plan: 'custom' })).toThrow(/--limit N/);
  expect(() => planFromOptions({ plan: 'teams', limit: 5 })).toThrow(/--limit only applies/);
  expect(() => planFromOptions({ plan: 'free', mtus: 5 })).toThrow(/--mtus only applies/);
  expect(() => planFromOptions({ plan: 'custom', limit: -1 })).toThrow(/--limit must be/);
  expect(() => planFromOptions({ plan: 'free', cycleDay: 30 })).toThrow(/1 to 28/);
});
