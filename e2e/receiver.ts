import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP receiver on 127.0.0.1 that records each POSTed JSON body and answers `status`. */
export interface Receiver {
  url: string;
  bodies: unknown[];
  /** What the next requests are answered with (a destination that goes down, or comes back). */
  answer(status: number, body: string): void;
  close(): Promise<void>;
}

export async function startReceiver(status: number, body: string, path: string): Promise<Receiver> {
  const bodies: unknown[] = [];
  let reply = { status, body };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(reply.status, { 'content-type': 'text/plain' }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    bodies,
    answer: (nextStatus, nextBody) => {
      reply = { status: nextStatus, body: nextBody };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
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
