import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createCore, type Core } from '../../core/createCore.js';
import { tempHome } from '../../core/testing/tempHome.js';
import { startHttpHost, type HttpHost } from './httpHost.js';

let core: Core;
let host: HttpHost;
let cleanup: () => void;
let staticDir: string;

beforeAll(async () => {
  const temp = tempHome();
  cleanup = temp.cleanup;
  staticDir = path.join(temp.home, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Ebb</title>');
  fs.writeFileSync(path.join(temp.home, 'secret.txt'), 'outside the app');
  core = createCore({ home: temp.home, resourcesDir: path.resolve('resources'), host: 'http' });
  host = await startHttpHost({
    dispatch: core.dispatch,
    subscribe: core.subscribe,
    staticDir,
    maxBodyBytes: 4096,
  });
});
afterAll(async () => {
  await host.close();
  core.close();
  cleanup();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A raw request, so Host and Origin can be set to anything (fetch forbids that). */
function request(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: pathname,
        method: options.method ?? 'POST',
        headers: { host: `127.0.0.1:${host.port}`, ...options.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const withToken = (headers: Record<string, string> = {}) => ({
  'x-ebb-token': host.token,
  ...headers,
});

test('listens on 127.0.0.1 and prints a URL carrying the token', () => {
  expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
  expect(host.token.length).toBeGreaterThanOrEqual(32);
});

test('an API call without the token, or with a wrong one, gets 401', async () => {
  expect((await request('/api/warehouses.list', { body: '{}' })).status).toBe(401);
  expect(
    (await request('/api/warehouses.list', { body: '{}', headers: { 'x-ebb-token': 'nope' } }))
      .status,
  ).toBe(401);
  const ok = await request('/api/warehouses.list', { body: '{}', headers: withToken() });
  expect(ok.status).toBe(200);
  expect(JSON.parse(ok.body)).toEqual({ ok: true, data: [] });
});

test('a foreign Host or Origin is refused even with the token (DNS rebinding, CSRF)', async () => {
  const foreignHost = await request('/api/warehouses.list', {
    body: '{}',
    headers: withToken({ host: 'evil.example' }),
  });
  expect(foreignHost.status).toBe(403);
  const foreignPort = await request('/', { method: 'GET', headers: { host: '127.0.0.1:1' } });
  expect(foreignPort.status).toBe(403);
  const origin = await request('/api/warehouses.list', {
    body: '{}',
    headers: withToken({ origin: 'https://evil.example' }),
  });
  expect(origin.status).toBe(403);
  const localOrigin = await request('/api/warehouses.list', {
    body: '{}',
    headers: withToken({ origin: `http://localhost:${host.port}` }),
  });
  expect(localOrigin.status).toBe(200);
});

test('malformed, oversized and wrongly typed requests get a clear 4xx', async () => {
  const malformed = await request('/api/warehouses.list', { body: '{nope', headers: withToken() });
  expect(malformed.status).toBe(400);
  expect(JSON.parse(malformed.body)).toMatchObject({
    ok: false,
    error: { code: 'INVALID_ARGUMENT' },
  });
  const big = await request('/api/warehouses.list', {
    body: JSON.stringify({ x: 'y'.repeat(10_000) }),
    headers: withToken(),
  });
  expect(big.status).toBe(413);
  const wrongType = await request('/api/warehouses.add', {
    body: JSON.stringify({ kind: 'duckdb', name: 42, path: [] }),
    headers: withToken(),
  });
  expect(wrongType.status).toBe(400);
  expect((await request('/api/nope', { body: '{}', headers: withToken() })).status).toBe(404);
  expect(
    (await request('/api/warehouses.list', { method: 'GET', headers: withToken() })).status,
  ).toBe(405);
});

test('serves the renderer with a strict CSP and never a file outside its folder', async () => {
  const index = await request('/', { method: 'GET' });
  expect(index.status).toBe(200);
  expect(index.headers['content-security-policy']).toContain("script-src 'self'");
  expect(index.headers['content-security-policy']).not.toContain('unsafe-eval');
  const escape = await request('/..%2fsecret.txt', { method: 'GET' });
  expect(escape.body).not.toContain('outside the app');
});

test('pushes events over SSE to a client holding the token', async () => {
  const frames: string[] = [];
  const req = http.get({
    host: '127.0.0.1',
    port: host.port,
    path: `/api/events?token=${host.token}`,
    headers: { host: `127.0.0.1:${host.port}` },
  });
  const response = await new Promise<http.IncomingMessage>((resolve) =>
    req.on('response', resolve),
  );
  expect(response.headers['content-type']).toBe('text/event-stream');
  response.on('data', (chunk: Buffer) => frames.push(chunk.toString()));
  await request('/api/warehouses.add', {
    body: JSON.stringify({ kind: 'duckdb', name: 'w', path: path.join(staticDir, 'w.duckdb') }),
    headers: withToken(),
  });
  await expect
    .poll(() => frames.join(''))
    .toContain('event: store.changed\ndata: {"domain":"warehouses"}');
  req.destroy();
});

test('a port another program holds is refused with PORT_IN_USE, naming --port', async () => {
  const second = startHttpHost({
    dispatch: core.dispatch,
    subscribe: core.subscribe,
    staticDir,
    port: host.port,
  });
  await expect(second).rejects.toMatchObject({
    code: 'PORT_IN_USE',
    message: expect.stringMatching(
      new RegExp(`^Port ${host.port} on 127\\.0\\.0\\.1 is already in use .* --port`),
    ),
  });
});
