import { describe, expect, test } from 'vitest';
import { expectRowsEqual, modelRows } from '../testing/destinationEqualsModel.js';
import { killUntilConverged, type DestinationUnderTest } from '../testing/killConvergence.js';
import { startBrazeStandIn } from './braze/standIn.js';
import type { SaasStandIn } from './http/standInServer.js';
import { startMixpanelStandIn } from './mixpanel/standIn.js';
import type { DestinationConfig } from './registry.js';
import { startSegmentStandIn } from './segment/standIn.js';

/**
 * The kill sequence of testing/killConvergence.ts (SIGKILL of `ebb sync run` mid-delivery and
 * while planning, the model changed between runs, then reverted) against the Segment, Braze and
 * Mixpanel stand-ins over loopback: the profiles each one stores end equal to the model row by
 * row, deletes included (mirror mode).
 */
const ROWS = Number(process.env.EBB_SAAS_KILL_ROWS ?? 20_000);
/** Each answer waits this long, as a service across a network does, so kills land mid-load. */
const LATENCY_MS = 20;
const MINUTES = 60_000;

type Row = Record<string, unknown>;

/** A stand-in's stored profiles as the model's rows: id → record. */
function underTest(
  standIn: SaasStandIn,
  config: DestinationConfig,
  profiles: () => Map<string, Row>,
  landed: () => number,
): DestinationUnderTest {
  return {
    config: () => config,
    snapshot: () => Promise.resolve(profiles()),
    landed: () => Promise.resolve(landed()),
    close: () => standIn.close(),
  };
}

async function converges(destination: DestinationUnderTest): Promise<void> {
  try {
    await killUntilConverged(destination, {
      rows: ROWS,
      // Every column of every row, not only the ones the kill sequence changes.
      check: async (warehouse) =>
        expectRowsEqual(
          await destination.snapshot(),
          await modelRows(warehouse, 'select * from users', 'user_id'),
        ),
    });
  } finally {
    await destination.close();
  }
}

describe(`SIGKILL of a ${ROWS}-record mirror sync to a SaaS stand-in while the model changes`, () => {
  test(
    'Segment: the users whose traits are not all null are exactly the model',
    async () => {
      const segment = await startSegmentStandIn({ latencyMs: LATENCY_MS });
      await converges(
        underTest(
          segment,
          { type: 'segment', writeKey: segment.writeKey, endpoint: segment.url },
          // CLI.md: a deleted record is an identify with every trait null.
          () =>
            new Map(
              [...segment.users].filter(([, traits]) =>
                Object.values(traits).some((value) => value !== null),
              ),
            ),
          () => segment.messages.length,
        ),
      );
    },
    20 * MINUTES,
  );

  test(
    'Braze: the profiles (external_id = the id) are exactly the model',
    async () => {
      const braze = await startBrazeStandIn({ latencyMs: LATENCY_MS });
      await converges(
        underTest(
          braze,
          { type: 'braze', apiKey: braze.apiKey, endpoint: braze.url },
          () =>
            new Map(
              [...braze.profiles].map(([id, { external_id, ...record }]) => {
                expect(external_id).toBe(id);
                return [id, record];
              }),
            ),
          () => braze.received.length,
        ),
      );
    },
    20 * MINUTES,
  );

  test(
    'Mixpanel: the profiles ($distinct_id = the id) are exactly the model',
    async () => {
      const mixpanel = await startMixpanelStandIn({ latencyMs: LATENCY_MS });
      await converges(
        underTest(
          mixpanel,
          { type: 'mixpanel', projectToken: mixpanel.token, endpoint: mixpanel.url },
          () => new Map(mixpanel.profiles),
          () => mixpanel.received.length,
        ),
      );
    },
    20 * MINUTES,
  );
});
