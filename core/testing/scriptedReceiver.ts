import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the test receiver answers one request. */
export type Behavior =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'partial'; failIds: string[] }
  | { kind: 'drop' }
  | { kind: 'hang' };

export interface SeenRequest {
  index: number;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  ids: string[];
  behavior: Behavior['kind'];
  remotePort: number | undefined;
}

export interface ScriptedReceiver {
  url: string;
  requests: SeenRequest[];
  /** Ids the receiver took (2xx answer fully written), in order, duplicates kept. */
  accepted: string[];
  /** Ids it refused in a 207 answer. */
  refused: string[];
  close(): Promise<void>;
}

/**
 * A real loopback HTTP server for tests; `script` picks each request's fate. `hang` never
 * answers and waits for the client to give up, so a timed-out request is never also accepted.
 */
export async function startScriptedReceiver(
  script: (index: number, ids: string[]) => Behavior,
): Promise<ScriptedReceiver> {
  const requests: SeenRequest[] = [];
  const accepted: string[] = [];
  const refused: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let ids: string[] = [];
      try {
        const parsed = JSON.parse(body) as { batch?: { id: string }[] };
        ids = (parsed.batch ?? []).map((c) => c.id);
      } catch {
        ids = [];
      }
      const index = requests.length;
      const behavior = script(index, ids);
      requests.push({
        index,
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        ids,
        behavior: behavior.kind,
        remotePort: req.socket.remotePort,
      });
      switch (behavior.kind) {
        case 'ok':
          res.on('finish', () => accepted.push(...ids));
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
          return;
        case 'status':
          res.writeHead(behavior.status, behavior.headers ?? {}).end(behavior.body ?? '');
          return;
        case 'partial': {
          const fail = new Set(behavior.failIds);
          res.on('finish', () => {
            accepted.push(...ids.filter((id) => !fail.has(id)));
            refused.push(...ids.filter((id) => fail.has(id)));
          });
          const errors = behavior.failIds.map((id) => ({ id, message: `bad record ${id}` }));
          res
            .writeHead(207, { 'content-type': 'application/json' })
            .end(JSON.stringify({ errors }));
          return;
        }
        case 'drop':
          req.socket.destroy();
          return;
        case 'hang':
          return;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    accepted,
    refused,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
