import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EbbError } from '../errors.js';
import type { SecretStore } from '../ports.js';
import {
  FILE_KEY_PREFIX as PREFIX,
  isSealedWithSafeStorage,
  sealedByAppError,
} from './sealedFormats.js';

export const KEY_FILE = 'secret.key';

/** A key others can read is no key: refuse it rather than keep sealing with it. */
function assertOwnerOnly(file: string): void {
  if (process.platform === 'win32') return;
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new EbbError(
      'UNSAFE_KEY_FILE',
      `The key file ${file} can be read by other users (mode ${mode.toString(8)}). Run: chmod 600 ${file}`,
    );
  }
}

/** The key in the home folder, or undefined when there is no key file. */
function loadKey(home: string): Buffer | undefined {
  const file = path.join(home, KEY_FILE);
  try {
    const text = fs.readFileSync(file, 'utf8');
    assertOwnerOnly(file);
    const key = Buffer.from(text.trim(), 'base64');
    if (key.length !== 32) throw new EbbError('INTERNAL', `The key file ${file} is damaged.`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function createKey(home: string): Buffer {
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    fs.writeFileSync(path.join(home, KEY_FILE), key.toString('base64'), {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (error) {
    // Another process made the key first: use that one, never a second key.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadKey(home) ?? createKey(home);
    throw error;
  }
  return key;
}

const REENTER =
  'Re-enter the connection URL or secret setting of each warehouse and destination that had one ' +
  '(in the app, or with `ebb warehouse update` / `ebb destination update --set`).';

/**
 * AES-256-GCM with a key kept in the home folder, readable only by its owner. Used by the CLI
 * and browser mode; the app seals with the OS keychain when it has one (electron/safeStorageSecrets.ts)
 * and still opens what this store sealed. A value the app sealed cannot be opened here: open()
 * says so and names the fix.
 */
export function fileKeySecretStore(home: string): SecretStore {
  let key: Buffer | undefined;
  const file = path.join(home, KEY_FILE);
  // Sealing (a new or re-entered secret) makes the key when there is none; opening never does,
  // so a deleted key file is reported as such instead of being silently replaced.
  const keyForSealing = () => (key ??= loadKey(home) ?? createKey(home));
  const keyForOpening = (): Buffer => {
    key ??= loadKey(home);
    if (key) return key;
    throw new EbbError(
      'SECRET_UNAVAILABLE',
      `The key file ${file} is missing, so the secrets sealed with it (passwords in connection ` +
        `URLs, API keys, auth headers) cannot be read. Restore ${file} from a backup, or: ${REENTER}`,
    );
  };
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyForSealing(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      if (isSealedWithSafeStorage(sealed)) throw sealedByAppError();
      if (!sealed.startsWith(PREFIX)) return sealed;
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
      const secretKey = keyForOpening();
      try {
        // A fixed 16-byte tag: a forged value with a truncated tag must not pass.
        const decipher = createDecipheriv('aes-256-gcm', secretKey, raw.subarray(0, 12), {
          authTagLength: 16,
        });
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new EbbError(
          'SECRET_UNAVAILABLE',
          `A stored secret cannot be decrypted with ${file}: it was sealed with another key (the ` +
            `key file was deleted or replaced) or was damaged, so it cannot be read. Restore the ` +
            `earlier ${KEY_FILE} from a backup, or: ${REENTER}`,
        );
      }
    },
  };
}
