/**
 * What the sync engine needs from metering: reserve quota before a batch is sent, settle it with
 * what happened, and know whether the cycle's limit is reached.
 */
export interface QuotaMeter {
  reserve(request: { runId: string; syncId: string; destinationId: string; requested: number }): {
    reservationId: string | null;
    granted: number;
  };
  settle(reservationId: string | null, counts: { delivered: number; failed: number }): void;
  status(): { limit: number; used: number; remaining: number; cycleEnd: string };
}

/** No plan limit: every request granted, nothing recorded (used by tests of delivery alone). */
export const unmeteredQuota: QuotaMeter = {
  reserve: ({ requested }) => ({ reservationId: null, granted: requested }),
  settle: () => undefined,
  status: () => ({
    limit: Number.POSITIVE_INFINITY,
    used: 0,
    remaining: Number.POSITIVE_INFINITY,
    cycleEnd: '',
  }),
};

/**
 * The limit and the cycle's end as the user reads them in messages (run notes, the scheduler's
 * skip reason), in their locale: "2,000" and "Jan 1, 2027, 12:00 AM", never 2000 or an ISO instant.
 */
export function quotaWords(status: { limit: number; cycleEnd: string }): {
  limit: string;
  cycleEnd: string;
} {
  const end = new Date(status.cycleEnd);
  return {
    limit: status.limit.toLocaleString(),
    cycleEnd: Number.isNaN(end.getTime())
      ? status.cycleEnd
      : end.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
  };
}
