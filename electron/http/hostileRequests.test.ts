import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { tempHome } from '../../core/testing/tempHome.js';

/**
 * The host runs in its own process, as `ebb serve` does: a request that throws in the host's
 * request listener ends that process, which an in-process test would not show.
 */
let child: ChildProcess;
let port: number;
let token: string;
let cleanup: () => void;
let stderr = '';

beforeAll(async () => {
  const temp = tempHome('ebb-hostile-');
  cleanup = temp.cleanup;
  const staticDir = path.join(temp.home, 'renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Ebb</title>');
  const script = `
    const { createCore } = await import('./core/createCore.ts');
    const { startHttpHost } = await import('./electron/http/httpHost.ts');
    const core = createCore({ home: ${JSON.stringify(temp.home)}, resourcesDir: 'resources', host: 'http' });
    const host = await startHttpHost({ dispatch: core.dispatch, subscribe: core.subscribe, staticDir: ${JSON.stringify(staticDir)} });
    console.log(JSON.stringify({ port: host.port, token: host.token }));
  `;
  child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: path.resolve('.'),
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const first = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString()));
    child.once('exit', () => reject(new Error(`the host did not start: ${stderr}`)));
  });
  ({ port, token } = JSON.parse(first) as { port: number; token: string });
});

afterAll(() => {
  child?.kill();
  cleanup?.();
});

/** Sends bytes as they are (no client library would send these) and answers the status code. */
function raw(request: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('latin1');
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (status) {
        socket.destroy();
        resolve(Number(status[1]));
      }
    });
    socket.on('error', reject);
    socket.on('close', () =>
      reject(new Error(`no answer to ${JSON.stringify(request)}: ${answer} ${stderr}`)),
    );
    // Not end(): a FIN before the answer lets Node close the socket under a streamed file.
    socket.write(request);
  });
}

const get = (target: string, headers = '') =>
  raw(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${headers}Connection: close\r\n\r\n`);

test('no request target takes the host down: each gets a 4xx and the host keeps answering', async () => {
  const targets = [
    '/%E0%A4%A', // cut-off UTF-8: decodeURIComponent throws
    '/%ff',
    '/assets/%C0%AF',
    `/api/%E0%A4%A?token=${'x'}`,
    `/api/warehouses.list?token=%E0%A4%A`,
    'http://[::1', // absolute-form that does not parse
    'http://127.0.0.1:99999/',
    `http://127.0.0.1:${port}/%E0%A4%A`,
    'http://evil.example/', // absolute-form naming another host
    '//',
    '*',
  ];
  for (const target of targets) {
    const status = await get(target);
    expect(status, target).toBeGreaterThanOrEqual(400);
    expect(status, target).toBeLessThan(500);
  }
  expect(
    await raw(
      `POST /api/%E0%A4%A HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-ebb-token: ${token}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    ),
  ).toBe(404);
  expect(child.exitCode).toBeNull();
  expect(await get('/')).toBe(200);
  expect(
    await raw(
      `POST /api/warehouses.list HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nx-ebb-token: ${token}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
    ),
  ).toBe(200);
  expect(stderr).toBe('');
});
