import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { EbbError } from '../errors.js';
import { offsetOf, SUBQUERY_PREFIX } from './modelSql.js';

/** What snowflake-sdk puts on an error: Snowflake's code (server or driver) and SQLSTATE. */
export interface SnowflakeErrorLike {
  message: string;
  code?: string | number;
  sqlState?: string;
  response?: { status?: number };
  cause?: { code?: string; message?: string };
}

export interface SnowflakeTarget {
  account: string;
  username: string;
  warehouse: string;
  database: string;
  role?: string;
}

const host = (account: string) => `${account}.snowflakecomputing.com`;

/**
 * Reads the PEM private key before any network call, so a bad paste or passphrase is named as
 * such (the driver would fail later and vaguer).
 * https://docs.snowflake.com/en/user-guide/key-pair-auth
 */
export function readPrivateKey(pem: string, passphrase: string | undefined): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase: passphrase || undefined });
  } catch (error) {
    const encrypted = /ENCRYPTED/.test(pem);
    const reason = (error as Error).message;
    if (encrypted && !passphrase) {
      throw new EbbError(
        'WAREHOUSE_ERROR',
        'The private key is encrypted: give its passphrase (Key passphrase), or use an unencrypted PKCS#8 key.',
      );
    }
    if (encrypted) {
      throw new EbbError(
        'WAREHOUSE_ERROR',
        `The private key's passphrase does not open it (${reason}): check the Key passphrase.`,
      );
    }
    throw new EbbError(
      'WAREHOUSE_ERROR',
      `The private key is not a PEM private key (${reason}): paste the whole rsa_key.p8 file, from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----.`,
    );
  }
}

/**
 * The fingerprint Snowflake shows for a user's key (DESC USER … RSA_PUBLIC_KEY_FP): SHA-256
 * of the public key's DER, in base64.
 * https://docs.snowflake.com/en/user-guide/key-pair-auth#verify-the-user-s-public-key-fingerprint
 */
export function publicKeyFingerprint(key: KeyObject): string {
  const der = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

/**
 * A failed login, in terms of what to fix. Codes are Snowflake's login failures and the
 * driver's own (snowflake-sdk lib/error_code): 390100 wrong user or credentials, 390144 a JWT
 * the user's public key does not verify, 390189 a role the user lacks, 401001 no network
 * answer, 401002 an HTTP failure (an unknown account answers 403).
 */
export function snowflakeConnectError(
  error: SnowflakeErrorLike,
  target: SnowflakeTarget,
  keyFingerprint: string | undefined,
): EbbError {
  if (error instanceof EbbError) return error;
  const { account, username, role } = target;
  const code = String(error.code ?? '');
  const network = error.cause?.code ?? '';
  if (['ENOTFOUND', 'EAI_AGAIN'].includes(network)) {
    return new EbbError(
      'WAREHOUSE_ERROR',
      `Cannot reach Snowflake account "${account}": ${host(account)} was not found. Check the account identifier (organization-account, e.g. myorg-myaccount, or a locator with its region).`,
    );
  }
  if (['ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET'].includes(network) || code === '401001') {
    return new EbbError(
      'WAREHOUSE_ERROR',
      `Cannot reach Snowflake at ${host(account)} (${network || 'no answer'}): check the account identifier, this computer's network and any proxy or firewall.`,
    );
  }
  switch (code) {
    case '390100':
    case '390144':
      return new EbbError(
        'WAREHOUSE_ERROR',
        `Snowflake account "${account}" refused the key pair for user "${username}": check the user name, and that the user's public key is this private key's (ALTER USER ${username} SET RSA_PUBLIC_KEY='…'; DESC USER ${username} must show RSA_PUBLIC_KEY_FP = ${keyFingerprint ?? 'this key’s fingerprint'}).`,
      );
    case '390189':
      return new EbbError(
        'PERMISSION_DENIED',
        `Role "${role ?? ''}" does not exist or is not granted to user "${username}". Ask an administrator to run: GRANT ROLE ${role ?? 'ROLE_NAME'} TO USER ${username}; or leave Role blank to use the user's default role.`,
      );
    case '401002':
      if (error.response?.status === 403 || error.response?.status === 404) {
        return new EbbError(
          'WAREHOUSE_ERROR',
          `Snowflake does not know account "${account}" (HTTP ${error.response.status} from ${host(account)}): check the account identifier.`,
        );
      }
  }
  return new EbbError(
    'WAREHOUSE_ERROR',
    `Could not connect to Snowflake account "${account}" as "${username}": ${error.message}`,
  );
}

/** Whether an error of a statement is a missing privilege (SQLSTATE 42501, Snowflake 003001). */
export const isSnowflakeDenied = (error: SnowflakeErrorLike) =>
  error.sqlState === '42501' || String(error.code ?? '') === '003001';

/**
 * Where in the model a compilation error points, as a 0-based offset: Snowflake says "line L at
 * position P" (P 0-based) in the statement it ran, the model wrapped after SUBQUERY_PREFIX.
 */
export function snowflakeErrorPosition(query: string, message: string): number | undefined {
  const match = /line (\d+) at position (\d+)/.exec(message);
  if (!match) return undefined;
  const line = Number(match[1]) - (SUBQUERY_PREFIX.split('\n').length - 1);
  if (line < 1) return undefined;
  if (line > query.split('\n').length) return query.length;
  return offsetOf(query, line, Number(match[2]));
}
