import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface Change {
  op: 'new' | 'updated' | 'deleted';
  id: string;
  record: Record<string, unknown>;
}

/** What the receiver does with one batch after applying it. */
export type MirrorAnswer = 'ok' | 'hang';

export interface MirrorReceiver {
  url: string;
  /** What the receiver holds: id → the record last upserted (deleted ids are removed). */
  rows: Map<string, Record<string, unknown>>;
  /** Ids received, in order, duplicates kept. */
  received: string[];
  /** How the next batches are answered (they are always applied first). */
  answer: MirrorAnswer;
  /** Ids refused per record (207 with their errors, not applied), as CLI.md's webhook answers. */
  refuse: Set<string>;
  close(): Promise<void>;
}

/**
 * A webhook receiver that keeps a mirror of what it was sent, as a real destination would. With
 * `answer = 'hang'` it applies a batch and never answers: the sender cannot know it arrived.
 */
export async function startMirrorReceiver(): Promise<MirrorReceiver> {
  const state: MirrorReceiver = {
    url: '',
    rows: new Map(),
    received: [],
    answer: 'ok',
    refuse: new Set(),
    close: () => Promise.resolve(),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { batch } = JSON.parse(Buffer.concat(chunks).toString()) as { batch: Change[] };
      const errors: { id: string; message: string }[] = [];
      for (const change of batch) {
        state.received.push(change.id);
        if (state.refuse.has(change.id)) {
          errors.push({ id: change.id, message: `record ${change.id} refused by the receiver` });
          continue;
        }
        if (change.op === 'deleted') state.rows.delete(change.id);
        else state.rows.set(change.id, change.record);
      }
      if (state.answer !== 'ok') return;
      if (errors.length > 0)
        res.writeHead(207, { 'content-type': 'application/json' }).end(JSON.stringify({ errors }));
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
