import { EbbError } from '../core/errors.js';
import type { SecretStore } from '../core/ports.js';
import { fileKeySecretStore } from '../core/secrets/fileKeySecretStore.js';
import { SAFE_STORAGE_PREFIX, isSealedWithSafeStorage } from '../core/secrets/sealedFormats.js';

/** The part of Electron's `safeStorage` this needs (a fake in tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/**
 * Whether the OS keychain really protects what safeStorage encrypts. On Linux without a secret
 * service, Chromium falls back to `basic_text`: a key hard-coded in Chromium, weaker than the
 * owner-only key file, so the key file is used instead.
 */
export function keychainAvailable(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (platform !== 'linux') return true;
  const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  return backend !== 'basic_text' && backend !== 'unknown';
}

/**
 * Seals with Electron's safeStorage (`s1:` values); opens those and, through `fallback`, what the
 * CLI and browser mode sealed with the key file (`k1:`), so one store serves every host.
 */
export function safeStorageSecretStore(
  safeStorage: SafeStorageLike,
  fallback: SecretStore,
): SecretStore {
  return {
    seal(plain) {
      return SAFE_STORAGE_PREFIX + safeStorage.encryptString(plain).toString('base64');
    },
    open(sealed) {
      if (!isSealedWithSafeStorage(sealed)) return fallback.open(sealed);
      try {
        return safeStorage.decryptString(
          Buffer.from(sealed.slice(SAFE_STORAGE_PREFIX.length), 'base64'),
        );
      } catch {
        throw new EbbError(
          'SECRET_UNAVAILABLE',
          'A stored secret cannot be decrypted with the OS keychain (was Ebb moved to another ' +
            'user or machine, or its keychain entry removed?). Re-enter it.',
        );
      }
    },
  };
}

/** The app's SecretStore: the OS keychain when it is a real one, else the home's key file. */
export function appSecretStore(
  safeStorage: SafeStorageLike,
  home: string,
  platform: NodeJS.Platform = process.platform,
): SecretStore {
  const fileKey = fileKeySecretStore(home);
  return keychainAvailable(safeStorage, platform)
    ? safeStorageSecretStore(safeStorage, fileKey)
    : fileKey;
}
