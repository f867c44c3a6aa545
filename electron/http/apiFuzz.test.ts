import Database from 'better-sqlite3';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { z } from 'zod';
import { callNames, contract, type CallName } from '../../core/api/contract.js';
import { createCore, type Core } from '../../core/createCore.js';
import { STORE_FILE } from '../../core/store/openStore.js';
import { runDuckDb } from '../../core/testing/duckdbFile.js';
import { tempHome } from '../../core/testing/tempHome.js';
import { startHttpHost, type HttpHost } from './httpHost.js';

/**
 * Issue 7.3: malformed, oversized and wrongly typed arguments thrown at every API call through
 * the HTTP host each get a clear 4xx, and the config store is byte-for-byte the same afterwards.
 */
const MAX_BODY = 64 * 1024;

let core: Core;
let host: HttpHost;
let home: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ home, cleanup } = tempHome('ebb-fuzz-'));
  core = createCore({ home, resourcesDir: path.resolve('resources'), host: 'http' });
  const file = path.join(home, 'w.duckdb');
  await runDuckDb(file, 'create table users as select range as id from range(3)');
  const setup: [string, unknown][] = [
    ['warehouses.add', { kind: 'duckdb', name: 'w', path: file }],
    ['models.add', { name: 'm', warehouse: 'w', sql: 'select * from users', idColumn: 'id' }],
    ['destinations.add', { name: 'd', config: { type: 'file', path: path.join(home, 'out') } }],
    ['syncs.add', { name: 's', model: 'm', destination: 'd' }],
  ];
  for (const [name, arg] of setup)
    expect(await core.dispatch(name, arg), name).toMatchObject({ ok: true });
  host = await startHttpHost({
    dispatch: core.dispatch,
    subscribe: core.subscribe,
    maxBodyBytes: MAX_BODY,
  });
});
afterAll(async () => {
  await host?.close();
  core?.close();
  cleanup?.();
});

/** Every row of every table of the config store, as one comparable value. */
function storeContents(): Record<string, unknown[]> {
  const db = new Database(path.join(home, STORE_FILE), { readonly: true });
  try {
    const tables = db
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .all() as { name: string }[];
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        db.prepare(`select * from "${name.replace(/"/g, '""')}" order by rowid`).all(),
      ]),
    );
  } finally {
    db.close();
  }
}

interface Answer {
  status: number;
  body: string;
}

function post(
  name: string,
  body: string | Buffer[],
  headers: Record<string, string> = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: host.port,
        path: `/api/${name}`,
        method: 'POST',
        // A fresh connection each time: a refused request must not poison the next one.
        agent: false,
        headers: {
          host: `127.0.0.1:${host.port}`,
          'x-ebb-token': host.token,
          'content-type': 'application/json',
          ...headers,
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    if (typeof body === 'string') req.end(body);
    else {
      for (const chunk of body) req.write(chunk);
      req.end();
    }
  });
}

/** The top-level field names a call's schema knows (both branches of a union). */
function fieldsOf(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  if (schema instanceof z.ZodDiscriminatedUnion)
    return [...new Set(schema.options.flatMap((option) => fieldsOf(option as z.ZodType)))];
  return [];
}

function expectClear4xx(answer: Answer, what: string, status?: number) {
  if (status) expect(answer.status, what).toBe(status);
  expect(answer.status, what).toBeGreaterThanOrEqual(400);
  expect(answer.status, what).toBeLessThan(500);
  const parsed = JSON.parse(answer.body) as {
    ok: boolean;
    error: { code: string; message: string };
  };
  expect(parsed.ok, what).toBe(false);
  expect(parsed.error.code, what).toMatch(/^[A-Z_]+$/);
  expect(parsed.error.message.length, what).toBeGreaterThan(10);
}

const MALFORMED = [
  '{',
  '{"a":',
  '{"a":1}}',
  "{'a':1}",
  'nul',
  'NaN',
  '{"a":undefined}',
  '\u0000',
  '\uFEFF{}x',
];
const WRONG_TYPES = [
  '42',
  '"text"',
  'true',
  '[]',
  '[{}]',
  '-0',
  '"{}"',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '{"unknownField":1}',
];

test.each(callNames.map((name) => [name]))(
  '%s: every bad argument gets a clear 4xx',
  async (name) => {
    const before = storeContents();
    const bodies: [string, string, number?][] = [
      ...MALFORMED.map((body): [string, string, number] => [
        `malformed ${JSON.stringify(body)}`,
        body,
        400,
      ]),
      ...WRONG_TYPES.map((body): [string, string, number] => [`wrong type ${body}`, body, 400]),
    ];
    const fields = fieldsOf(contract[name as CallName].input);
    for (const field of fields) {
      for (const [label, value] of <[string, string][]>[
        ['an object', '{"bad":[1]}'],
        ['a huge number', '1e999'],
        ['a list', '[[[[[]]]]]'],
        ['a long text', JSON.stringify('x'.repeat(40_000))],
        // Free-form settings holding a list deep enough to overflow the stack of anything that
        // recurses into it (the settings' size check, JSON.stringify, did: 500 instead of 400).
        [
          'settings nesting deeply',
          `{"type":"file","x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
        ],
      ]) {
        const others = fields.filter((f) => f !== field);
        // The field alone, and the field among every other field set the same wrong way.
        bodies.push([`${field} as ${label}`, `{"${field}":${value}}`]);
        bodies.push([
          `every field as ${label}`,
          `{${[field, ...others].map((f) => `"${f}":${f !== field && value.length > 1000 ? '1' : value}`).join(',')}}`,
        ]);
      }
    }
    const deep = 10_000;
    bodies.push(['deep nesting', `${'{"a":'.repeat(deep)}1${'}'.repeat(deep)}`]);
    bodies.push(['deep array', `${'['.repeat(deep)}${']'.repeat(deep)}`]);

    for (const [what, body] of bodies) {
      const answer = await post(name, body);
      // A well-typed but unknown reference may reach the handler and be NOT_FOUND: still a 4xx.
      expectClear4xx(answer, `${name}: ${what}`, bodies.find((b) => b[0] === what)?.[2]);
    }

    const oversized = JSON.stringify({ x: 'y'.repeat(MAX_BODY) });
    expectClear4xx(
      await post(name, oversized).catch((error: Error) => {
        throw new Error(`${name}: declared: ${error.message}`);
      }),
      `${name}: oversized (declared)`,
      413,
    );
    // Without a Content-Length the host finds out while reading: it stops buffering, never
    // dispatches, and answers 413 before closing the connection.
    const chunked = await post(name, [Buffer.from(oversized)], { 'transfer-encoding': 'chunked' });
    expectClear4xx(chunked, `${name}: oversized (chunked, no length)`, 413);
    expectClear4xx(
      await post(name, '{}', { 'content-length': String(MAX_BODY * 100) }),
      `${name}: a lying content-length`,
      413,
    );

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(storeContents()).toEqual(before);
  },
);

test('call names that are not calls, prototype names included, are 404 and write nothing', async () => {
  const before = storeContents();
  for (const name of [
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'nope',
    'warehouses.add.x',
    '%00',
    'warehouses%2Eadd',
  ]) {
    const answer = await post(name, '{}');
    expect(answer.status, name).toBe(404);
  }
  expect(storeContents()).toEqual(before);
});
