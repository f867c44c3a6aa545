import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a stand-in sees it: read whole before it is answered. */
export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The body's size in bytes (a service's request limits count bytes). */
  bytes: number;
  /** The status the stand-in answered. */
  status?: number;
}

/** A JSON value (sent as application/json), or text with its own content type. */
export interface ApiAnswer {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
  /**
   * The connection is dropped instead of answered: whatever the request did is done, but the
   * client never hears of it (a lost answer).
   */
  drop?: boolean;
}

export interface LoopbackApi {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  url: string;
  /** Every request received, in order. */
  requests: ApiRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback for a SaaS stand-in: each request is read whole, then answered
 * with what `handle` decides, after `latencyMs` when given (the bench's 50 ms service).
 */
export async function startLoopbackApi(
  handle: (request: ApiRequest) => ApiAnswer,
  options: { latencyMs?: number; keepRequests?: boolean } = {},
): Promise<LoopbackApi> {
  const requests: ApiRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const request: ApiRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: raw.toString('utf8'),
        bytes: raw.length,
      };
      if (options.keepRequests !== false) requests.push(request);
      const reply = () => {
        let answer: ApiAnswer;
        try {
          answer = handle(request);
        } catch (error) {
          answer = { status: 500, json: { message: (error as Error).message } };
        }
        request.status = answer.status;
        if (answer.drop) {
          res.socket?.destroy();
          return;
        }
        const headers: Record<string, string> = { ...answer.headers };
        let body = '';
        if (answer.json !== undefined) {
          headers['content-type'] ??= 'application/json;charset=UTF-8';
          body = JSON.stringify(answer.json);
        } else if (answer.text !== undefined) {
          body = answer.text;
        }
        res.writeHead(answer.status, headers).end(body);
      };
      if (options.latencyMs) setTimeout(reply, options.latencyMs);
      else reply();
    });
  });
  server.keepAliveTimeout = 30_000;
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
