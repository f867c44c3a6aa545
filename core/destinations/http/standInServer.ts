import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a stand-in received. */
export interface StandInRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  bytes: number;
  /** The status the stand-in answered. */
  status?: number;
}

export interface StandInAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface StandInServer {
  url: string;
  requests: StandInRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback for a SaaS stand-in: reads each request whole and answers what
 * `handle` decides (JSON bodies). Tests of a destination speak to it over real sockets.
 */
export async function startStandInServer(
  handle: (request: StandInRequest) => StandInAnswer,
): Promise<StandInServer> {
  const requests: StandInRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const request: StandInRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: raw.toString('utf8'),
        bytes: raw.length,
      };
      requests.push(request);
      let answer: StandInAnswer;
      try {
        answer = handle(request);
      } catch (error) {
        answer = { status: 500, body: { message: (error as Error).message } };
      }
      request.status = answer.status;
      const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
      res
        .writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
        .end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Parses a JSON request body, or undefined. */
export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
