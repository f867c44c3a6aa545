import net from 'node:net';

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

/** A database server started for tests on a loopback port (embedded PostgreSQL, MariaDB). */
export interface TestDatabaseServer {
  /** The administrator's URL of a fresh database made for the caller (`ebb_test`). */
  url: string;
  port: number;
  /** Makes another empty database on the same server; answers its administrator URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A started server as tests see it: `create` makes an empty database by name, `urlFor` is a
 * database's administrator URL; the caller's `ebb_test` database is made first.
 */
export async function testDatabaseServer(
  port: number,
  urlFor: (database: string) => string,
  create: (database: string) => Promise<void>,
  stop: () => Promise<void>,
): Promise<TestDatabaseServer> {
  const createDatabase = async (name: string) => {
    await create(name);
    return urlFor(name);
  };
  return { url: await createDatabase('ebb_test'), port, createDatabase, stop };
}
