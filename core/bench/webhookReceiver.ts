/**
 * A webhook receiver for benchmarks, run as its own process:
 *   npx tsx core/bench/webhookReceiver.ts --port P
 * Answers 200 to POST {"batch":[...]}, counts records, prints {"port":P} once listening, and
 * serves its counters (and its own CPU seconds so far) at GET /stats. It parses every body, as a
 * real receiver would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export interface ReceiverStats {
  requests: number;
  records: number;
  bytes: number;
  badRequests: number;
}

export async function startWebhookReceiver(
  port: number,
  host = '127.0.0.1',
): Promise<{ server: http.Server; port: number; stats: ReceiverStats }> {
  const stats: ReceiverStats = { requests: 0, records: 0, bytes: 0, badRequests: 0 };
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/stats') {
      const cpu = process.cpuUsage();
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ ...stats, cpuSeconds }));
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      stats.requests += 1;
      stats.bytes += body.length;
      try {
        const parsed = JSON.parse(body.toString('utf8')) as { batch?: unknown };
        if (!Array.isArray(parsed.batch)) throw new Error('no batch');
        stats.records += parsed.batch.length;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      } catch {
        stats.badRequests += 1;
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad batch"}');
      }
    });
  });
  // Clients keep connections open across the whole run; do not drop them while idle.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return { server, port: (server.address() as AddressInfo).port, stats };
}

function argValue(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { server, port } = await startWebhookReceiver(Number(argValue('--port') ?? 0));
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  const stop = () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
