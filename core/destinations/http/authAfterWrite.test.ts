import { expect, test } from 'vitest';
import { closeAfterEach } from '../../testing/closeAfterEach.js';
import { createDestination, type DestinationConfig } from '../registry.js';
import type { Change } from '../types.js';
import { authErrorMayHaveApplied } from './authError.js';
import { startStandInServer, type StandInServer } from './standInServer.js';

/**
 * A batch that goes out in more than one request (Segment's 500 KB a request, Braze's
 * `/users/track` then `/users/delete`) and whose credential is refused after the first request
 * was written: the run stops, and the batch must stay in doubt (the service holds what that
 * request wrote), not count as never sent.
 */
let server: StandInServer | undefined;
closeAfterEach(() => [server]);

/** A service answering its first request 200 and every later one 401. */
async function refusingAfterFirst(ok: object): Promise<StandInServer> {
  let answered = 0;
  server = await startStandInServer(() =>
    answered++ === 0
      ? { status: 200, body: ok }
      : { status: 401, body: { message: 'Invalid key' } },
  );
  return server;
}

async function refusal(config: DestinationConfig, batch: Change[]): Promise<unknown> {
  const destination = createDestination(config);
  await destination.open({ runId: 'run-1', syncName: 's' });
  try {
    await destination.send(batch);
  } catch (error) {
    return error;
  } finally {
    await destination.close();
  }
  throw new Error('the send was not refused');
}

test('Braze: a key refused at /users/delete after /users/track wrote keeps the batch in doubt', async () => {
  const s = await refusingAfterFirst({ message: 'success' });
  const error = await refusal({ type: 'braze', apiKey: 'k-0001', endpoint: s.url }, [
    { op: 'updated', id: '1', record: { name: 'a' } },
    { op: 'deleted', id: '2', record: { __segment_id: '2', name: null } },
  ]);
  expect(s.requests.map((r) => [r.path, r.status])).toEqual([
    ['/users/track', 200],
    ['/users/delete', 401],
  ]);
  expect(authErrorMayHaveApplied(error)).toBe(true);
});

test('Braze: a key refused at the batch’s first request leaves nothing in doubt', async () => {
  server = await startStandInServer(() => ({ status: 401, body: { message: 'Invalid key' } }));
  const error = await refusal({ type: 'braze', apiKey: 'k-0001', endpoint: server.url }, [
    { op: 'deleted', id: '2', record: { __segment_id: '2', name: null } },
  ]);
  expect(authErrorMayHaveApplied(error)).toBe(false);
});

test('Segment: a write key refused at the second request of a batch keeps the batch in doubt', async () => {
  const s = await refusingAfterFirst({ success: true });
  // 20 messages of ~30 KB: over 500 KB, so two requests.
  const batch: Change[] = Array.from({ length: 20 }, (_, i) => ({
    op: 'new',
    id: String(i),
    record: { text: 'x'.repeat(30_000) },
  }));
  const error = await refusal({ type: 'segment', writeKey: 'w-0001', endpoint: s.url }, batch);
  expect(s.requests.map((r) => r.status)).toEqual([200, 401]);
  expect(authErrorMayHaveApplied(error)).toBe(true);
});
