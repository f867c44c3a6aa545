import { startLoopbackApi } from '../core/testing/loopbackApi';

/** An HTTP receiver on 127.0.0.1 that records each POSTed JSON body and answers `status`. */
export interface Receiver {
  url: string;
  bodies: unknown[];
  /** What the next requests are answered with (a destination that goes down, or comes back). */
  answer(status: number, body: string): void;
  close(): Promise<void>;
}

export async function startReceiver(status: number, body: string, path: string): Promise<Receiver> {
  let reply = { status, text: body, headers: { 'content-type': 'text/plain' } };
  const api = await startLoopbackApi(() => reply);
  return {
    url: `${api.url}${path}`,
    get bodies() {
      return api.requests.map((request) => JSON.parse(request.body) as unknown);
    },
    answer: (nextStatus, nextBody) => {
      reply = { ...reply, status: nextStatus, text: nextBody };
    },
    close: () => api.close(),
  };
}

/** A webhook destination's config for `receiver` that gives up after one attempt (a 500 fails the run at once). */
export function webhookGivingUpAtOnce(receiver: Receiver) {
  return {
    type: 'webhook',
    url: receiver.url,
    retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 },
  } as const;
}
