import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EbbError } from '../api/errors.js';
import type { SecretStore } from '../ports.js';

export const KEY_FILE = 'secret.key';
const PREFIX = 'k1:';

function loadOrCreateKey(home: string): Buffer {
  const file = path.join(home, KEY_FILE);
  try {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new EbbError('INTERNAL', `The key file ${file} is damaged.`);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(home, { recursive: true });
  const key = randomBytes(32);
  fs.writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  return key;
}

/**
 * AES-256-GCM with a key kept in the home folder, readable only by its owner. Used by the CLI
 * and browser mode, and by the app so that all three read the same store.
 */
export function fileKeySecretStore(home: string): SecretStore {
  let key: Buffer | undefined;
  const getKey = () => (key ??= loadOrCreateKey(home));
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', getKey(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed) {
      if (!sealed.startsWith(PREFIX)) return sealed;
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', getKey(), raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      try {
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new EbbError(
          'INTERNAL',
          `A stored secret cannot be decrypted with ${path.join(home, KEY_FILE)}; was the key file replaced?`,
        );
      }
    },
  };
}
