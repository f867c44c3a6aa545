import { startLoopbackApi, type ApiRequest, type LoopbackApi } from '../../testing/loopbackApi.js';

/** One request a stand-in received (read whole, with its size and the status it was answered). */
export type StandInRequest = ApiRequest;

export interface StandInAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type StandInServer = LoopbackApi;

/** What every SaaS stand-in offers besides the service's own state. */
export interface SaasStandIn {
  url: string;
  /** The next `count` requests answer 429 (the service's rate limit). */
  rateLimitNext(count: number): void;
  /** Every request received, with the status it was answered. */
  requests: StandInRequest[];
  close(): Promise<void>;
}

/** How a stand-in's server answers: after `latencyMs` (a service across a network), or at once. */
export interface StandInOptions {
  latencyMs?: number;
}

/**
 * A SaaS stand-in's server: `handle` answers each request and calls `limited()` where the service
 * checks its rate (true: this request is one `rateLimitNext` asked to answer 429).
 */
export async function startSaasStandIn(
  handle: (request: StandInRequest, limited: () => boolean) => StandInAnswer,
  options: StandInOptions = {},
): Promise<SaasStandIn> {
  let limitedNext = 0;
  const limited = () => {
    if (limitedNext === 0) return false;
    limitedNext--;
    return true;
  };
  const server = await startStandInServer((request) => handle(request, limited), options);
  return {
    url: server.url,
    rateLimitNext: (count) => {
      limitedNext = count;
    },
    requests: server.requests,
    close: server.close,
  };
}

/** A stand-in of a profile API (Braze, Mixpanel): profiles by id, what it received and refuses. */
export interface ProfileStandIn extends SaasStandIn {
  /** Profiles by id: the fields received, merged as the service does. */
  profiles: Map<string, Record<string, unknown>>;
  /** Every id received as a new or updated record, in order (duplicates kept). */
  received: string[];
  /** id → the per-record error the service answers for it (a value it refuses). */
  refuse: Map<string, string>;
}

export type ProfileState = Pick<ProfileStandIn, 'profiles' | 'received' | 'refuse'>;

/** A profile API's stand-in: `handle` answers each request as `startSaasStandIn`'s, on `state`. */
export async function startProfileStandIn(
  handle: (request: StandInRequest, limited: () => boolean, state: ProfileState) => StandInAnswer,
  options: StandInOptions = {},
): Promise<ProfileStandIn> {
  const state: ProfileState = { profiles: new Map(), received: [], refuse: new Map() };
  const base = await startSaasStandIn(
    (request, limited) => handle(request, limited, state),
    options,
  );
  return { ...base, ...state };
}

/**
 * A real HTTP server on loopback for a SaaS stand-in answering JSON (testing/loopbackApi.ts):
 * tests of a destination speak to it over real sockets.
 */
export async function startStandInServer(
  handle: (request: StandInRequest) => StandInAnswer,
  options: StandInOptions = {},
): Promise<StandInServer> {
  return startLoopbackApi((request) => {
    const answer = handle(request);
    return {
      status: answer.status,
      json: answer.body,
      headers: { 'content-type': 'application/json', ...answer.headers },
    };
  }, options);
}

/** Parses a JSON request body, or undefined. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
