import { startLoopbackApi, type ApiRequest, type LoopbackApi } from '../../testing/loopbackApi.js';

/** One request a stand-in received (read whole, with its size and the status it was answered). */
export type StandInRequest = ApiRequest;

export interface StandInAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type StandInServer = LoopbackApi;

/**
 * A real HTTP server on loopback for a SaaS stand-in answering JSON (testing/loopbackApi.ts):
 * tests of a destination speak to it over real sockets.
 */
export async function startStandInServer(
  handle: (request: StandInRequest) => StandInAnswer,
): Promise<StandInServer> {
  return startLoopbackApi((request) => {
    const answer = handle(request);
    return {
      status: answer.status,
      json: answer.body,
      headers: { 'content-type': 'application/json', ...answer.headers },
    };
  });
}

/** Parses a JSON request body, or undefined. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
