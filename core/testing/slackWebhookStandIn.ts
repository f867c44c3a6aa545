import { startLoopbackApi, type ApiRequest, type LoopbackApi } from './loopbackApi.js';

export interface SlackWebhookStandIn extends LoopbackApi {
  /** The incoming webhook's URL: `/services/T…/B…/secret`, as Slack gives one. */
  webhookUrl: string;
  /** The `text` of every message posted. */
  messages: string[];
  /** Set to answer as a webhook whose channel was deleted (404 `channel_not_found`). */
  channelGone: boolean;
}

const PATH = '/services/T0EBB0000/B0EBB0000/s3cretW3bhookT0ken';

/**
 * A Slack incoming webhook on loopback, answering as Slack documents.
 */
export async function startSlackWebhookStandIn(): Promise<SlackWebhookStandIn> {
  const state = { messages: [] as string[], channelGone: false };
  const api = await startLoopbackApi((request: ApiRequest) => {
    if (request.method !== 'POST' || request.path !== PATH)
      return { status: 404, text: 'no_service' };
    // Slack's error strings and statuses for incoming webhooks:
    // https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks
    if (state.channelGone) return { status: 404, text: 'channel_not_found' };
    // A JSON body is sent with `Content-type: application/json`
    // (https://api.slack.com/messaging/webhooks, "Sending messages using incoming webhooks").
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json'))
      return { status: 400, text: 'invalid_payload' };
    let body: unknown;
    try {
      body = JSON.parse(request.body);
    } catch {
      return { status: 400, text: 'invalid_payload' };
    }
    // A simple message needs only a `text` property (same page, "Sending messages").
    const text = (body as { text?: unknown } | null)?.text;
    if (typeof text !== 'string' || text.trim() === '') return { status: 400, text: 'no_text' };
    state.messages.push(text);
    return { status: 200, text: 'ok', headers: { 'content-type': 'text/html' } };
  });
  return {
    url: api.url,
    requests: api.requests,
    close: api.close,
    webhookUrl: `${api.url}${PATH}`,
    messages: state.messages,
    get channelGone() {
      return state.channelGone;
    },
    set channelGone(value: boolean) {
      state.channelGone = value;
    },
  };
}
