import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { bigqueryColumnType } from '../values/bigqueryTypes.js';
import { snowflakeColumnType } from '../values/snowflakeTypes.js';
import { bigqueryError, bigqueryErrorPosition, isBigQueryQueryError } from './bigqueryErrors.js';
import {
  publicKeyFingerprint,
  readPrivateKey,
  snowflakeConnectError,
  snowflakeErrorPosition,
} from './snowflakeErrors.js';

// Test connection must name what is wrong. Snowflake and BigQuery cannot be reached from CI, so
// their failures are given here as the drivers report them (codes and messages of snowflake-sdk
// and of the Google APIs) and the explanation is checked.

const target = {
  account: 'myorg-acct',
  username: 'EBB',
  warehouse: 'WH',
  database: 'DB',
  role: 'EBB_ROLE',
};

describe('Snowflake: what Test connection says', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const encrypted = privateKey
    .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'secret' })
    .toString();

  test('a key that is not PEM, an encrypted key without or with the wrong passphrase', () => {
    expect(() => readPrivateKey('not a key', undefined)).toThrow(/not a PEM private key/);
    expect(() => readPrivateKey(encrypted, undefined)).toThrow(/encrypted: give its passphrase/);
    expect(() => readPrivateKey(encrypted, 'wrong')).toThrow(/passphrase does not open it/);
    expect(readPrivateKey(encrypted, 'secret').type).toBe('private');
  });

  test('a refused key names the user and the fingerprint Snowflake must show', () => {
    const fingerprint = publicKeyFingerprint(readPrivateKey(pem, undefined));
    expect(fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}=$/);
    const error = snowflakeConnectError(
      { message: 'JWT token is invalid.', code: '390144' },
      target,
      fingerprint,
    );
    expect(error.message).toContain('refused the key pair for user "EBB"');
    expect(error.message).toContain(`RSA_PUBLIC_KEY_FP = ${fingerprint}`);
  });

  test('an unknown account, no network, a role not granted', () => {
    expect(
      snowflakeConnectError(
        { message: 'Network error', code: 401001, cause: { code: 'ENOTFOUND' } },
        target,
        undefined,
      ).message,
    ).toContain('myorg-acct.snowflakecomputing.com was not found');
    expect(
      snowflakeConnectError(
        { message: 'Request failed', code: 401002, response: { status: 403 } },
        target,
        undefined,
      ).message,
    ).toContain('does not know account "myorg-acct" (HTTP 403');
    expect(
      snowflakeConnectError({ message: 'timeout', code: 401001 }, target, undefined).message,
    ).toContain('Cannot reach Snowflake');
    const role = snowflakeConnectError(
      { message: "Role 'EBB_ROLE' specified in the connect string is not granted", code: '390189' },
      target,
      undefined,
    );
    expect(role.code).toBe('PERMISSION_DENIED');
    expect(role.message).toContain('GRANT ROLE EBB_ROLE TO USER EBB;');
  });

  test('a compilation error points into the model, not the wrapper around it', () => {
    const query = 'select id,\n       no_such_column\n  from users';
    // Snowflake counts lines of the statement it ran: the model starts on its line 2.
    const offset = snowflakeErrorPosition(
      query,
      "SQL compilation error: error line 3 at position 7\ninvalid identifier 'NO_SUCH_COLUMN'",
    );
    expect(query.slice(offset)).toMatch(/^no_such_column/);
    expect(snowflakeErrorPosition(query, 'no position')).toBeUndefined();
  });

  test('column types: integers are NUMBER(p, 0), timestamps by zone, semi-structured is JSON', () => {
    expect(snowflakeColumnType({ type: 'fixed', precision: 38, scale: 0 })).toEqual({
      type: 'NUMBER(38,0)',
      valueType: { kind: 'bigint' },
    });
    expect(snowflakeColumnType({ type: 'fixed', precision: 9, scale: 0 }).valueType.kind).toBe(
      'int',
    );
    expect(snowflakeColumnType({ type: 'fixed', precision: 12, scale: 2 }).valueType).toEqual({
      kind: 'decimal',
      precision: 12,
      scale: 2,
    });
    expect(
      snowflakeColumnType({ type: 'timestamp_ltz', precision: 0, scale: 9 }).valueType.kind,
    ).toBe('timestamptz');
    expect(
      snowflakeColumnType({ type: 'timestamp_ntz', precision: 0, scale: 9 }).valueType.kind,
    ).toBe('timestamp');
    expect(snowflakeColumnType({ type: 'variant', precision: 0, scale: 0 }).valueType.kind).toBe(
      'json',
    );
  });
});

describe('BigQuery: what Test connection says', () => {
  const where = { projectId: 'my-project', location: 'US', account: 'ebb@my-project.iam' };

  test('no network, a key Google refuses, an API switched off', () => {
    expect(
      bigqueryError({ message: 'getaddrinfo ENOTFOUND', code: 'ENOTFOUND' }, where).message,
    ).toContain('Cannot reach BigQuery (ENOTFOUND)');
    expect(
      bigqueryError({ message: 'invalid_grant: Invalid JWT Signature.' }, where).message,
    ).toContain('Google refused the service account key of ebb@my-project.iam');
    expect(
      bigqueryError(
        {
          message: 'BigQuery API has not been used in project 123 before or it is disabled.',
          code: 403,
        },
        where,
      ).message,
    ).toContain('The BigQuery API is not enabled in project my-project');
  });

  test('a missing role names it', () => {
    const error = bigqueryError(
      {
        message:
          'Access Denied: Project my-project: User does not have bigquery.jobs.create permission in project my-project.',
        code: 403,
        errors: [{ reason: 'accessDenied' }],
      },
      where,
    );
    expect(error.code).toBe('PERMISSION_DENIED');
    expect(error.message).toContain('BigQuery Job User (roles/bigquery.jobUser)');
  });

  test('a model error is the analyst’s, with its line and column; a denied read is not', () => {
    expect(
      isBigQueryQueryError({
        message: 'Unrecognized name: x at [2:8]',
        errors: [{ reason: 'invalidQuery' }],
      }),
    ).toBe(true);
    expect(
      isBigQueryQueryError({
        message: 'Access Denied: Table',
        code: 403,
        errors: [{ reason: 'accessDenied' }],
      }),
    ).toBe(false);
    const query = 'select id,\n       no_such_column\n  from shop.users';
    const offset = bigqueryErrorPosition(query, 'Unrecognized name: no_such_column at [2:8]');
    expect(query.slice(offset)).toMatch(/^no_such_column/);
  });

  test('column types: legacy names, REPEATED as arrays, RECORD as structs', () => {
    expect(bigqueryColumnType({ name: 'id', type: 'INTEGER' })).toEqual({
      type: 'INT64',
      valueType: { kind: 'bigint' },
    });
    expect(bigqueryColumnType({ name: 'tags', type: 'STRING', mode: 'REPEATED' })).toEqual({
      type: 'ARRAY<STRING>',
      valueType: { kind: 'list', element: { kind: 'string' } },
    });
    expect(
      bigqueryColumnType({
        name: 'address',
        type: 'RECORD',
        fields: [
          { name: 'city', type: 'STRING' },
          { name: 'zip code', type: 'INTEGER' },
        ],
      }),
    ).toEqual({
      type: 'STRUCT<`city` STRING, `zip code` INT64>',
      valueType: {
        kind: 'struct',
        fields: [
          { name: 'city', type: { kind: 'string' } },
          { name: 'zip code', type: { kind: 'bigint' } },
        ],
      },
    });
    expect(bigqueryColumnType({ name: 'n', type: 'NUMERIC' }).valueType).toEqual({
      kind: 'decimal',
      scale: 9,
    });
    expect(bigqueryColumnType({ name: 't', type: 'TIMESTAMP' }).valueType.kind).toBe('timestamptz');
    expect(bigqueryColumnType({ name: 't', type: 'DATETIME' }).valueType.kind).toBe('timestamp');
  });
});
