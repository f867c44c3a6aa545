import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { homePerTest } from '../testing/homePerTest.js';
import { fileKeySecretStore, KEY_FILE } from './fileKeySecretStore.js';
import { maskUrl, redact } from './mask.js';

const home = homePerTest('ebb-key-');

const SECRET = 'postgres://me:hunter2-secret@db.example/prod';

test('seals with AES-256-GCM under k1:, a fresh IV each time, with an owner-only key', () => {
  const dir = home();
  const store = fileKeySecretStore(dir);
  const a = store.seal(SECRET);
  const b = store.seal(SECRET);
  expect(a).toMatch(/^k1:/);
  expect(a).not.toBe(b);
  expect(a).not.toContain('hunter2');
  expect(store.open(a)).toBe(SECRET);
  expect(fileKeySecretStore(dir).open(b)).toBe(SECRET);
  if (process.platform !== 'win32')
    expect(fs.statSync(path.join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
});

test('a tampered, truncated or foreign value is refused with a message that holds no secret', () => {
  const dir = home();
  const store = fileKeySecretStore(dir);
  const sealed = store.seal(SECRET);
  const raw = Buffer.from(sealed.slice(3), 'base64');
  raw[raw.length - 1]! ^= 1;
  const flipped = `k1:${raw.toString('base64')}`;
  const truncatedTag = `k1:${Buffer.concat([raw.subarray(0, 16), raw.subarray(28)]).toString('base64')}`;
  for (const bad of [
    flipped,
    truncatedTag,
    'k1:',
    'k1:AAAA',
    fileKeySecretStore(home()).seal(SECRET),
  ]) {
    expect(() => store.open(bad)).toThrow(/cannot be decrypted/);
  }
});

test('a value the desktop app sealed with the OS keychain names the fix', () => {
  expect(() => fileKeySecretStore(home()).open('s1:AAAA')).toThrow(
    /saved by the desktop app.*re-enter it with the CLI/,
  );
});

test.skipIf(process.platform === 'win32')('a key file others can read is refused', () => {
  const dir = home();
  const store = fileKeySecretStore(dir);
  const sealed = store.seal(SECRET);
  fs.chmodSync(path.join(dir, KEY_FILE), 0o644);
  expect(() => fileKeySecretStore(dir).open(sealed)).toThrow(
    `chmod 600 ${path.join(dir, KEY_FILE)}`,
  );
});

test('masks URL passwords and query values; redacts secrets from text', () => {
  expect(maskUrl(SECRET)).toBe('postgres://me:****@db.example/prod');
  expect(maskUrl('https://h.example/hook?token=abc&x=1')).toBe(
    'https://h.example/hook?token=****&x=****',
  );
  expect(maskUrl('not a url with hunter2')).toBe('(unparseable URL)');
  expect(redact('failed for hunter2 at hunter2', ['hunter2'])).toBe('failed for **** at ****');
});
