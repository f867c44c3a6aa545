import type { HttpAnswer } from '../http/httpRequest.js';
import { jsonBody } from '../http/sendInPacks.js';

/**
 * The wait a HubSpot 429 asks for. HubSpot sends no Retry-After; its answer names the limit hit
 * (https://developers.hubspot.com/docs/api/usage-details: `policyName` TEN_SECONDLY_ROLLING for
 * the burst limit of a rolling ten seconds, "You have reached your secondly limit." for search).
 * HubSpot's own client waits 10 s for the first and 1 s for the second (HubSpot/hubspot-api-nodejs,
 * src/services/decorators/RetryDecorator.ts, `retryTimeout`): a shorter jittered backoff retries
 * inside the same window and can give up before it has rolled. Any other 429 (a daily limit) is
 * left to the backoff.
 */
export function hubspotRetryAfterMs(answer: HttpAnswer): number | undefined {
  if (answer.status !== 429) return undefined;
  const said = jsonBody(answer);
  if (typeof said !== 'object' || said === null) return undefined;
  const { policyName, message } = said as { policyName?: unknown; message?: unknown };
  if (policyName === 'TEN_SECONDLY_ROLLING') return 10_000;
  if (message === 'You have reached your secondly limit.') return 1_000;
  return undefined;
}
