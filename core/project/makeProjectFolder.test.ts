import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createCore, type Core } from '../createCore.js';
import { tempHome } from '../testing/tempHome.js';

let core: Core | undefined;
let cleanup: (() => void) | undefined;
afterEach(() => {
  core?.close();
  cleanup?.();
});

test('project export to a file, below a file, or a path with a NUL is a clear 4xx, not INTERNAL', async () => {
  const temp = tempHome('ebb-project-folder-');
  cleanup = temp.cleanup;
  core = createCore({ home: temp.home, resourcesDir: path.resolve('resources'), host: 'cli' });
  const file = path.join(temp.home, 'a-file');
  fs.writeFileSync(file, 'not a folder');
  for (const dir of [file, path.join(file, 'below'), path.join(temp.home, 'a\0b')]) {
    const answer = await core.dispatch('project.export', { dir });
    expect(answer, dir).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('project folder') },
    });
  }
  expect(fs.readFileSync(file, 'utf8')).toBe('not a folder');
});
