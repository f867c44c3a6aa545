import {
  parseJson,
  startSaasStandIn,
  type SaasStandIn,
  type StandInAnswer,
  type StandInOptions,
} from '../http/standInServer.js';
import { SEGMENT_BYTES_PER_MESSAGE, SEGMENT_BYTES_PER_REQUEST } from './limits.js';

export interface SegmentStandIn extends SaasStandIn {
  writeKey: string;
  /** Traits by userId, merged as identify calls arrive (a null trait is stored as null). */
  users: Map<string, Record<string, unknown>>;
  /** Every message received for the source's key, in order. */
  messages: Record<string, unknown>[];
  /**
   * Messages answered 200 but not accepted, as Segment does: sent with another write key, or
   * without userId and anonymousId, or a track without its event name.
   */
  dropped: number;
}

/** HTTP_API below: https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/ */
/** Segment's Tracking API `/v1/batch` on loopback, following its public reference. */
export async function startSegmentStandIn(options: StandInOptions = {}): Promise<SegmentStandIn> {
  const writeKey = 'segment-test-write-key-0123456789';
  const users = new Map<string, Record<string, unknown>>();
  const messages: Record<string, unknown>[] = [];
  let dropped = 0;
  const base = await startSaasStandIn((request, limited): StandInAnswer => {
    // HTTP_API (Batch): the batch endpoint is POST /v1/batch; Ebb calls nothing else, so any
    // other path or method is answered as not found.
    if (request.path !== '/v1/batch' || request.method !== 'POST') {
      return { status: 404, body: { success: false, message: 'not found' } };
    }
    // HTTP_API (Errors) documents only 200 and 400 answers, and Segment queues rather than
    // refuses traffic over its rate (https://www.twilio.com/docs/segment/connections/rate-limits).
    // A 429 here is a throttle in front of it (a proxy, an edge): Segment's own client retries
    // every answer other than 2xx and 400 with backoff (segmentio/analytics-next,
    // packages/node/src/plugins/segmentio/publisher.ts); CLI.md has Ebb honour 429 everywhere.
    if (limited()) {
      return { status: 429, body: { success: false, message: 'too many requests' } };
    }
    // HTTP_API (Errors): over 500 KB a request, 400 Bad Request.
    if (request.bytes > SEGMENT_BYTES_PER_REQUEST) {
      return { status: 400, body: { success: false, message: 'request body too large' } };
    }
    const body = parseJson(request.body) as { batch?: unknown; writeKey?: unknown } | undefined;
    // HTTP_API (Errors): JSON that does not parse, 400.
    if (!body || !Array.isArray(body.batch)) {
      return { status: 400, body: { success: false, message: 'invalid JSON' } };
    }
    // HTTP_API (Authentication): Basic auth with the write key as the user and no password (or
    // the key in the body). An empty key is refused with 400 (segmentio/analytics-go#205); any
    // other key is accepted with 200 and its events dropped if no source has it
    // (segmentio/analytics-ruby#136: the API is stateless and validates no key).
    const key =
      basicUser(request.headers.authorization) ??
      (typeof body.writeKey === 'string' ? body.writeKey : '');
    if (!key) return { status: 400, body: { success: false, message: 'missing write key' } };
    // HTTP_API (Errors): an event over 32 KB fails its batch with 400.
    for (const message of body.batch) {
      if (Buffer.byteLength(JSON.stringify(message)) > SEGMENT_BYTES_PER_MESSAGE) {
        return { status: 400, body: { success: false, message: 'message exceeds 32KB' } };
      }
    }
    if (key !== writeKey) {
      dropped += body.batch.length;
      return { status: 200, body: { success: true } };
    }
    for (const raw of body.batch as Record<string, unknown>[]) {
      // HTTP_API (Errors): a message without userId or anonymousId, or a track without event,
      // is answered 200 with its batch and not accepted.
      const identified = [raw.userId, raw.anonymousId].some((id) => typeof id === 'string' && id);
      if (!identified || (raw.type === 'track' && !raw.event)) {
        dropped++;
        continue;
      }
      messages.push(raw);
      // https://www.twilio.com/docs/segment/connections/spec/identify: identify records traits
      // on the user (a later call updates them); a null trait replaces the value with null.
      if (raw.type === 'identify' && typeof raw.userId === 'string') {
        users.set(raw.userId, { ...(users.get(raw.userId) ?? {}), ...(raw.traits as object) });
      }
    }
    return { status: 200, body: { success: true } };
  }, options);
  return {
    ...base,
    writeKey,
    users,
    messages,
    get dropped() {
      return dropped;
    },
  };
}

function basicUser(header: string | undefined): string | undefined {
  const match = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(0, colon) : decoded;
}
