import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { makeFolder } from './makeFolder.js';

test('makeFolder makes the folder and its parents owner-only, answers it absolute, keeps an existing one', async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-make-folder-'));
  try {
    const folder = path.join(base, 'a', 'b');
    expect(await makeFolder(folder)).toBe(folder);
    expect(fs.statSync(folder).isDirectory()).toBe(true);
    if (process.platform !== 'win32') {
      expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
      expect(fs.statSync(path.join(base, 'a')).mode & 0o777).toBe(0o700);
    }
    fs.writeFileSync(path.join(folder, 'kept'), 'x');
    expect(await makeFolder(folder)).toBe(folder);
    expect(fs.readdirSync(folder)).toEqual(['kept']);
    const relative = path.relative(process.cwd(), path.join(base, 'c'));
    expect(await makeFolder(relative)).toBe(path.join(base, 'c'));
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
