import { EbbError } from '../../errors.js';
import { DestinationAuthError } from '../http/authError.js';
import { HttpDestination } from '../http/httpDestination.js';
import type { HttpAnswer, HttpCall, HttpDeps, Verdict } from '../http/httpDelivery.js';
import type { Encoded, Refusals } from '../http/sendInPacks.js';
import {
  encode,
  jsonBody,
  previewWithinLimits,
  refusedAll,
  refusedNone,
  sendWithinLimits,
} from '../http/sendInPacks.js';
import { throwIfAborted } from '../results.js';
import type { BatchResult, Change, RecordPreview, RunInfo } from '../types.js';
import {
  SEGMENT_BYTES_PER_MESSAGE,
  SEGMENT_BYTES_PER_REQUEST,
  SEGMENT_MESSAGES_PER_BATCH,
} from './limits.js';
import type { SegmentSettings } from './settings.js';

const SEGMENT_ID = '__segment_id';

/**
 * One Segment message per change. New and updated records go out as the configured call;
 * deleted ones as an identify with every trait null (CLI.md). `messageId` is stable per run and
 * record, so Segment drops the duplicate when a batch whose answer was lost is sent again.
 */
export function segmentMessage(
  change: Change,
  settings: Pick<SegmentSettings, 'call' | 'event'>,
  runId: string,
): Record<string, unknown> {
  const messageId = `ebb-${runId}-${change.op}-${change.id}`;
  if (change.op === 'deleted') {
    const traits = Object.fromEntries(
      Object.keys(change.record)
        .filter((key) => key !== SEGMENT_ID)
        .map((key) => [key, null]),
    );
    return { type: 'identify', userId: change.id, traits, messageId };
  }
  switch (settings.call) {
    case 'track':
      return {
        type: 'track',
        userId: change.id,
        event: settings.event,
        properties: change.record,
        messageId,
      };
    case 'group': {
      const userId = typeof change.record.userId === 'string' ? change.record.userId : change.id;
      return { type: 'group', userId, groupId: change.id, traits: change.record, messageId };
    }
    default:
      return { type: 'identify', userId: change.id, traits: change.record, messageId };
  }
}

/**
 * Segment's HTTP Tracking API: `POST /v1/batch` `{"batch":[message…]}` with the write key as the
 * Basic auth user, within 500 KB a request and 32 KB a message (a larger record is rejected before
 * sending). Segment answers 200 for every accepted request and 400 for one it cannot take.
 */
export class SegmentDestination extends HttpDestination {
  readonly type = 'segment';
  readonly batchSize = SEGMENT_MESSAGES_PER_BATCH;
  /** identify and group merge traits into the profile; a track is an event of its own. */
  readonly keepsFieldsNotSent: boolean;
  private readonly url: URL;
  private readonly authorization: string;
  private runId = 'run';

  constructor(
    private readonly settings: SegmentSettings,
    deps: HttpDeps = {},
  ) {
    if (settings.call === 'track' && !settings.event) {
      throw new EbbError(
        'INVALID_ARGUMENT',
        'A segment destination with call=track needs the event setting (the event name).',
      );
    }
    // https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/#authentication:
    // Basic auth, the write key as the user name and an empty password ("key:" base64-encoded).
    const basic = Buffer.from(`${settings.writeKey}:`).toString('base64');
    super(settings, [settings.writeKey, basic], deps);
    this.keepsFieldsNotSent = settings.call !== 'track';
    this.url = new URL(`${settings.endpoint.replace(/\/+$/, '')}/v1/batch`);
    this.authorization = `Basic ${basic}`;
  }

  protected credentialRefused(_status: number, said: string): DestinationAuthError {
    return new DestinationAuthError(
      'writeKey',
      `Segment refused the write key (${said}): check the destination's writeKey setting.`,
    );
  }

  /** Segment's messages carry the run's id (their messageId), so a run names itself. */
  override async open(run: RunInfo): Promise<void> {
    this.runId = run.runId || this.runId;
  }

  async send(batch: readonly Change[], signal?: AbortSignal): Promise<BatchResult> {
    throwIfAborted(signal);
    return sendWithinLimits({
      http: this.http,
      items: batch.map((c) => encode(c.id, segmentMessage(c, this.settings, this.runId))),
      maxItemBytes: SEGMENT_BYTES_PER_MESSAGE,
      service: 'Segment',
      limits: {
        maxCount: SEGMENT_MESSAGES_PER_BATCH,
        maxBytes: SEGMENT_BYTES_PER_REQUEST,
        envelopeBytes: '{"batch":[]}'.length,
      },
      call: (items) => this.batchCall(items),
      read: (answer) => this.read(answer),
      signal,
    });
  }

  /** The `/v1/batch` request of one change's message, or why it would not be sent. */
  previewRecord(change: Change, run: RunInfo): RecordPreview {
    return {
      ...previewWithinLimits({
        http: this.http,
        item: encode(change.id, segmentMessage(change, this.settings, run.runId)),
        maxItemBytes: SEGMENT_BYTES_PER_MESSAGE,
        service: 'Segment',
        call: (items) => this.batchCall(items),
      }),
      note: 'messageId names the run that sends it (Segment drops a resent duplicate).',
    };
  }

  private batchCall(items: readonly Encoded[]): HttpCall {
    return {
      url: this.url,
      headers: { authorization: this.authorization, 'content-type': 'application/json' },
      body: Buffer.from(`{"batch":[${items.map((i) => JSON.stringify(i.body)).join(',')}]}`),
      records: items.length,
    };
  }

  /** An empty batch: reaches the endpoint with the key and changes nothing. */
  async testConnection(): Promise<void> {
    const answer = await this.http.probe({
      url: this.url,
      headers: { authorization: this.authorization, 'content-type': 'application/json' },
      body: Buffer.from('{"batch":[]}'),
      records: 0,
    });
    this.checkProbe(answer, {
      service: 'Segment',
      refused: `Segment refused the write key (${answer.status}): check the writeKey setting.`,
      notFound: `${this.url.host} has no /v1/batch: check the endpoint setting.`,
    });
  }

  private read(answer: HttpAnswer): Verdict<Refusals> {
    if (answer.status >= 200 && answer.status < 300) return { kind: 'done', value: refusedNone() };
    const parsed = jsonBody(answer) as { message?: unknown; error?: unknown } | undefined;
    const said =
      typeof parsed?.message === 'string'
        ? parsed.message
        : typeof parsed?.error === 'string'
          ? parsed.error
          : this.http.bodyExcerpt(answer).slice(2);
    return {
      kind: 'done',
      value: refusedAll(`Segment refused the batch (${answer.status}): ${this.http.scrub(said)}`),
    };
  }
}
