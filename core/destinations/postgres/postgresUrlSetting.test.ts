import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createCore, type Core } from '../../createCore.js';
import { tempHome } from '../../testing/tempHome.js';

let core: Core | undefined;
let cleanup: (() => void) | undefined;
afterEach(() => {
  core?.close();
  cleanup?.();
});

const SECRET = 'pw-5e1f0c';

test.each([
  ['a port past 65535', `postgres://bob:${SECRET}@127.0.0.1:99999/db`],
  ['a broken IPv6 host', `postgres://bob:${SECRET}@[::1/db`],
])(
  'a PostgreSQL destination URL that does not parse (%s) is refused when added, without the secret',
  async (_label, url) => {
    const temp = tempHome('ebb-pg-url-');
    cleanup = temp.cleanup;
    core = createCore({ home: temp.home, resourcesDir: path.resolve('resources'), host: 'cli' });
    const config = { type: 'postgres', url, table: 't' };
    for (const [call, arg] of [
      ['destinations.add', { name: 'd', config }],
      ['destinations.check', { config }],
    ] as const) {
      const answer = await core.dispatch(call, arg);
      expect(answer, call).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('not a valid URL') },
      });
      expect(JSON.stringify(answer)).not.toContain(SECRET);
    }
    expect(await core.dispatch('destinations.list', {})).toEqual({ ok: true, data: [] });
  },
);
