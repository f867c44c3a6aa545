import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ApiEvent, ApiResponse } from '../../core/api/contract.js';
import { EbbError } from '../../core/errors.js';
import { CONTENT_SECURITY_POLICY } from './contentSecurityPolicy.js';
import { statusForError } from './statusForError.js';

export interface HttpHostOptions {
  dispatch: (name: string, arg: unknown) => Promise<ApiResponse>;
  subscribe: (listener: (event: ApiEvent) => void) => () => void;
  /** The built renderer (index.html and its assets); omitted for a headless API-only host. */
  staticDir?: string;
  port?: number;
  token?: string;
  maxBodyBytes?: number;
}

export interface HttpHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

const fail = (res: http.ServerResponse, status: number, code: string, message: string) =>
  sendJson(res, status, { ok: false, error: { code, message } });

/**
 * The request target as a URL, or undefined when it does not parse. An origin-form target
 * ("/path?query") is read against this host, so "//x" stays a path and never names a host; an
 * absolute-form one ("http://host/path", which proxies send) must parse on its own.
 */
export function requestUrl(target: string | undefined): URL | undefined {
  const text = target ?? '/';
  try {
    return new URL(text.startsWith('/') ? `http://127.0.0.1${text}` : text);
  } catch {
    return undefined;
  }
}

/** The percent-decoded path, or undefined when it is not valid UTF-8 ("%E0%A4%A"). */
function decodePath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

/** A 500 when nothing was answered yet; otherwise the half-sent answer is cut off. */
function answerUnexpected(res: http.ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  fail(res, 500, 'INTERNAL', `Ebb hit an unexpected error: ${(error as Error)?.message ?? error}`);
}

/** Why the host could not listen, as a message naming the fix (not Node's `listen EADDRINUSE`). */
function listenError(error: Error, port: number): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new EbbError(
      'PORT_IN_USE',
      `Port ${port} on 127.0.0.1 is already in use by another program. Choose another with --port, or leave --port out to take a free one.`,
    );
  }
  if (code === 'EACCES') {
    return new EbbError(
      'PORT_IN_USE',
      `Port ${port} on 127.0.0.1 needs privileges Ebb does not have. Choose one above 1023 with --port, or leave --port out to take a free one.`,
    );
  }
  return error;
}

function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Browser mode: serves the renderer and the API on 127.0.0.1 only. Every API call needs the
 * per-launch token; requests naming a non-loopback Host or Origin are refused (DNS rebinding).
 */
export async function startHttpHost(options: HttpHostOptions): Promise<HttpHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const maxBody = options.maxBodyBytes ?? 1024 * 1024;
  let port = options.port ?? 0;
  const streams = new Set<http.ServerResponse>();

  const isLoopbackHost = (value: string | undefined): boolean => {
    if (!value) return false;
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(value);
    return (
      !!match &&
      LOOPBACK_HOSTS.has(match[1]!.toLowerCase()) &&
      (!match[2] || Number(match[2]) === port)
    );
  };
  const isLoopbackOrigin = (origin: string): boolean => {
    try {
      const url = new URL(origin);
      return url.protocol === 'http:' && isLoopbackHost(url.host);
    } catch {
      return false;
    }
  };

  const readBody = (req: http.IncomingMessage): Promise<string | undefined> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBody) {
          // Stop buffering; the 413 goes out with `connection: close`, then the socket is dropped.
          chunks.length = 0;
          resolve(undefined);
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, name: string) => {
    if (req.method !== 'POST')
      return fail(res, 405, 'METHOD_NOT_ALLOWED', 'API calls are POST requests.');
    const tooLarge = () => {
      res.setHeader('connection', 'close');
      res.on('finish', () => req.destroy());
      fail(res, 413, 'TOO_LARGE', `The request is larger than ${maxBody} bytes.`);
    };
    if (Number(req.headers['content-length'] ?? 0) > maxBody) return tooLarge();
    const body = await readBody(req);
    if (body === undefined) return tooLarge();
    let arg: unknown = {};
    if (body.trim() !== '') {
      try {
        arg = JSON.parse(body);
      } catch {
        return fail(res, 400, 'INVALID_ARGUMENT', 'The request body is not valid JSON.');
      }
    }
    const answer = await options.dispatch(name, arg);
    sendJson(res, answer.ok ? 200 : statusForError(answer.error.code), answer);
  };

  const handleEvents = (res: http.ServerResponse) => {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    res.on('close', () => streams.delete(res));
  };

  const serveStatic = (req: http.IncomingMessage, res: http.ServerResponse, pathname: string) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return fail(res, 405, 'METHOD_NOT_ALLOWED', 'Only GET is served here.');
    }
    if (!options.staticDir) return fail(res, 404, 'NOT_FOUND', 'This host serves the API only.');
    const root = path.resolve(options.staticDir);
    const relative = decodePath(pathname === '/' ? '/index.html' : pathname);
    if (relative === undefined) {
      return fail(res, 400, 'BAD_REQUEST', 'The path is not valid percent-encoded UTF-8.');
    }
    const file = path.resolve(root, `.${relative}`);
    if (!file.startsWith(root + path.sep))
      return fail(res, 403, 'FORBIDDEN', 'Outside the app folder.');
    const target =
      fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(root, 'index.html');
    if (!fs.existsSync(target)) {
      return fail(res, 500, 'NOT_BUILT', 'The renderer is not built: run `npm run build` first.');
    }
    res.writeHead(200, {
      'content-type': MIME[path.extname(target)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': target.endsWith('index.html') ? 'no-store' : 'max-age=3600',
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(target).pipe(res);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = requestUrl(req.url);
    if (!url) return fail(res, 400, 'BAD_REQUEST', 'The request target is not a valid URL path.');
    const absoluteForm = !(req.url ?? '/').startsWith('/');
    if (absoluteForm && (url.protocol !== 'http:' || !isLoopbackHost(url.host))) {
      return fail(
        res,
        403,
        'FORBIDDEN_HOST',
        'Ebb answers only requests for 127.0.0.1 or localhost.',
      );
    }
    if (!isLoopbackHost(req.headers.host)) {
      return fail(
        res,
        403,
        'FORBIDDEN_HOST',
        'Ebb answers only requests addressed to 127.0.0.1 or localhost.',
      );
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !isLoopbackOrigin(origin)) {
      return fail(res, 403, 'FORBIDDEN_ORIGIN', 'Requests from other sites are refused.');
    }
    if (url.pathname.startsWith('/api/')) {
      const given =
        (req.headers['x-ebb-token'] as string | undefined) ??
        url.searchParams.get('token') ??
        undefined;
      if (!sameToken(given, token)) {
        return fail(
          res,
          401,
          'UNAUTHORIZED',
          'Missing or wrong token: open the URL Ebb printed, with its ?token=.',
        );
      }
      if (url.pathname === '/api/events') return handleEvents(res);
      const name = url.pathname.slice('/api/'.length);
      handleApi(req, res, name).catch((error: unknown) => answerUnexpected(res, error));
      return;
    }
    serveStatic(req, res, url.pathname);
  };

  // Any web page can make the browser send a request here: whatever it holds, it gets an answer
  // and never takes the host down (a throw in a request listener would end the process).
  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      answerUnexpected(res, error);
    }
  });

  const unsubscribe = options.subscribe((event) => {
    const frame = `event: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`;
    for (const stream of streams) stream.write(frame);
  });
  const keepAlive = setInterval(() => {
    for (const stream of streams) stream.write(': ping\n\n');
  }, 15000);
  keepAlive.unref();

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) => reject(listenError(error, port)));
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      clearInterval(keepAlive);
      unsubscribe();
      for (const stream of streams) stream.end();
      // Keep-alive sockets would hold close() open until they time out: drop them with it.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
