import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { homePerTest } from '../testing/homePerTest.js';
import { ensurePrivateHome } from './homePermissions.js';

const parent = homePerTest('ebb-perm-');

describe.skipIf(process.platform === 'win32')('ensurePrivateHome', () => {
  test('creates a missing home readable and writable by its owner only', () => {
    const home = path.join(parent(), 'a', 'b');
    ensurePrivateHome(home);
    expect(fs.statSync(home).mode & 0o777).toBe(0o700);
  });

  test('accepts an existing home only its owner can write', () => {
    const home = parent();
    fs.chmodSync(home, 0o755);
    expect(() => ensurePrivateHome(home)).not.toThrow();
  });

  test.each([0o775, 0o757, 0o777, 0o1777, 0o720, 0o702])(
    'refuses a home with mode %o and names the fix',
    (mode) => {
      const home = parent();
      fs.chmodSync(home, mode);
      expect(() => ensurePrivateHome(home)).toThrow(`chmod go-w ${home}`);
      try {
        ensurePrivateHome(home);
      } catch (error) {
        expect(error).toMatchObject({ code: 'UNSAFE_HOME' });
      }
    },
  );

  test.runIf(process.getuid?.() === 0)('refuses a home owned by another user', () => {
    const home = parent();
    fs.chownSync(home, 4242, 4242);
    expect(() => ensurePrivateHome(home)).toThrow(/belongs to another user \(uid 4242/);
  });

  test('refuses a file where the home should be', () => {
    const file = path.join(parent(), 'file');
    fs.writeFileSync(file, '');
    expect(() => ensurePrivateHome(file)).toThrow(/is not a folder/);
  });
});
