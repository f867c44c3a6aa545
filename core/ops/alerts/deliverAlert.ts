import { redact } from '../../secrets/mask.js';
import type { AlertChannels } from './alertsRepo.js';
import { maskChannelUrl } from './maskChannelUrl.js';
import type { AlertChannel, AlertDelivery, AlertRecord } from './types.js';

export interface DeliveryOptions {
  /** Per attempt (default 10 s): an alert must never hold a sync up for long. */
  timeoutMs?: number;
  /** Attempts for a 429, a 5xx or a network error (default 3). */
  attempts?: number;
  /** The first backoff (default 500 ms), doubled each time; a Retry-After is honoured up to 5 s. */
  backoffMs?: number;
}

/**
 * What each channel is sent. Slack: its incoming webhook's message, a JSON body whose `text`
 * is the message, posted with `Content-type: application/json`
 * (https://api.slack.com/messaging/webhooks, "Sending messages using incoming webhooks").
 * The generic webhook: the alert itself as JSON.
 */
function bodyFor(channel: AlertChannel, alert: AlertRecord): unknown {
  if (channel === 'slack') return { text: `:rotating_light: Ebb alert: ${alert.message}` };
  return {
    type: 'ebb.alert',
    id: alert.id,
    kind: alert.kind,
    sync: alert.sync,
    syncId: alert.syncId,
    runId: alert.runId,
    level: alert.level,
    message: alert.message,
    createdAt: alert.createdAt,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Posts the alert to one channel. Slack answers 200 `ok` when the message is posted and a 4xx
 * with a short reason otherwise (400 invalid_payload, 403 action_prohibited, 404
 * channel_not_found, 410 channel_is_archived; 500 rollup_error), so any status but 2xx is a
 * failure and its body the reason
 * (https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks).
 * Never throws: a failed delivery is recorded in the alert's history, never fails a sync.
 */
export async function deliverToChannel(
  channel: AlertChannel,
  url: string,
  alert: AlertRecord,
  clock: () => Date,
  options: DeliveryOptions = {},
): Promise<AlertDelivery> {
  const attempts = options.attempts ?? 3;
  const base: AlertDelivery = {
    channel,
    target: maskChannelUrl(url),
    status: 'failed',
    attempts: 0,
  };
  // The URL's path and query are its secret: kept out of any reason recorded.
  const secretParts = (() => {
    try {
      const parsed = new URL(url);
      return [url, parsed.pathname + parsed.search, ...parsed.pathname.split('/')].filter(
        (part) => part.length >= 8,
      );
    } catch {
      return [url];
    }
  })();
  let error = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let retryAfterMs: number | null = null;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Ebb alerts' },
        body: JSON.stringify(bodyFor(channel, alert)),
        redirect: 'error',
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      const text = (await response.text()).trim().slice(0, 300);
      if (response.ok) {
        return { ...base, status: 'delivered', attempts: attempt, at: clock().toISOString() };
      }
      error = `HTTP ${response.status}${text ? `: ${text}` : ''}`;
      if (response.status !== 429 && response.status < 500) {
        return {
          ...base,
          attempts: attempt,
          error: redact(error, secretParts),
          at: clock().toISOString(),
        };
      }
      const retryAfter = Number(response.headers.get('retry-after'));
      if (Number.isFinite(retryAfter) && retryAfter >= 0) retryAfterMs = retryAfter * 1000;
    } catch (caught) {
      const cause = (caught as { cause?: { message?: string } }).cause?.message;
      error = `${(caught as Error).message}${cause ? ` (${cause})` : ''}`;
    }
    if (attempt < attempts)
      await sleep(Math.min(retryAfterMs ?? (options.backoffMs ?? 500) * 2 ** (attempt - 1), 5_000));
  }
  return { ...base, attempts, error: redact(error, secretParts), at: clock().toISOString() };
}

/** The deliveries an alert starts with: one pending per channel the rule has. */
export function pendingDeliveries(channels: AlertChannels): AlertDelivery[] {
  const out: AlertDelivery[] = [];
  if (channels.slack)
    out.push({
      channel: 'slack',
      target: maskChannelUrl(channels.slack),
      status: 'pending',
      attempts: 0,
    });
  if (channels.webhook)
    out.push({
      channel: 'webhook',
      target: maskChannelUrl(channels.webhook),
      status: 'pending',
      attempts: 0,
    });
  return out;
}
