import http from 'node:http';
import https from 'node:https';
import { MAX_TIMER_MS } from '../results.js';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body, kept only when the caller needs it (see keepBody), and at most maxBodyBytes. */
  body: Buffer;
  /** True when the body was longer than maxBodyBytes and was cut. */
  truncated: boolean;
}

export interface PostOptions {
  url: URL;
  method?: 'POST' | 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  headers: Record<string, string>;
  /** The body, or its pieces in order. */
  body?: Buffer | readonly Buffer[];
  agent: http.Agent;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Which statuses' bodies to read; the rest are drained unread so the socket can be reused. */
  keepBody: (status: number) => boolean;
  maxBodyBytes: number;
}

/** Raised when the whole exchange (connect, send, answer, body) outlasts timeoutMs. */
export class RequestTimeoutError extends Error {
  readonly code = 'EBB_TIMEOUT';
  constructor(ms: number) {
    super(`no complete answer within ${ms} ms`);
  }
}

/** One HTTP exchange; rejects on network errors, time-out and abort (with the signal's reason). */
export function httpRequest(options: PostOptions): Promise<HttpAnswer> {
  const { url, signal } = options;
  return new Promise<HttpAnswer>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let settled = false;
    const finish = (err: unknown, answer?: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (answer) resolve(answer);
      else reject(err);
    };
    const transport = url.protocol === 'https:' ? https : http;
    const headers: Record<string, string | number> = { ...options.headers };
    const pieces = Buffer.isBuffer(options.body) ? [options.body] : (options.body ?? []);
    if (options.body) headers['content-length'] = pieces.reduce((n, piece) => n + piece.length, 0);
    const req = transport.request(url, {
      method: options.method ?? 'POST',
      headers,
      agent: options.agent,
    });
    const onAbort = () => {
      req.destroy();
      finish(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(
      () => {
        const err = new RequestTimeoutError(options.timeoutMs);
        req.destroy(err);
        finish(err);
        // A time-out past what one timer holds would fire after 1 ms: past ~24.8 days is no limit.
      },
      Math.min(options.timeoutMs, MAX_TIMER_MS),
    );
    req.on('error', (err) => finish(err));
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      res.on('error', (err) => finish(err));
      res.on('close', () => {
        if (!res.complete)
          finish(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' }));
      });
      if (!options.keepBody(status)) {
        res.on('end', () =>
          finish(undefined, {
            status,
            headers: res.headers,
            body: Buffer.alloc(0),
            truncated: false,
          }),
        );
        res.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      res.on('data', (chunk: Buffer) => {
        if (size >= options.maxBodyBytes) {
          truncated = true;
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on('end', () => {
        let body = Buffer.concat(chunks);
        if (body.length > options.maxBodyBytes) {
          body = body.subarray(0, options.maxBodyBytes);
          truncated = true;
        }
        finish(undefined, { status, headers: res.headers, body, truncated });
      });
    });
    // Corked, the pieces leave in one write, as one Buffer would.
    req.cork();
    for (const piece of pieces) req.write(piece);
    req.end();
  });
}
