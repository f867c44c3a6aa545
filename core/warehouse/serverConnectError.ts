import { EbbError } from '../errors.js';

/** Where a server warehouse (PostgreSQL, MySQL) is, as its connection URL says. */
export interface ServerTarget {
  host: string;
  port: number;
  user: string;
  database: string;
  /** Only to scrub it from messages. */
  password: string;
}

/** Each occurrence of the password in `text` as `***` (no password: the text as it is). */
export const scrubPassword = (text: string, password: string): string =>
  password ? text.split(password).join('***') : text;

/** A failed connection, as an engine's explanation reads it: `host:port` and the scrubbed message. */
export interface ConnectFailure extends ServerTarget {
  where: string;
  said: string;
}

/** An engine's own explanations of connection errors, by the driver's error code. */
export type ConnectExplanations = Readonly<Record<string, (failure: ConnectFailure) => EbbError>>;

/**
 * A connection error explained with the fix and never with the password: the network failures
 * every server explains alike, then the engine's own codes, else the driver's message.
 */
export function serverConnectError(
  engine: string,
  target: ServerTarget,
  error: unknown,
  explanations: ConnectExplanations,
): EbbError {
  const { code, message } = error as { code?: unknown; message: string };
  const where = `${target.host}:${target.port}`;
  const failure = { ...target, where, said: scrubPassword(message, target.password) };
  switch (code) {
    case 'ECONNREFUSED':
      return new EbbError(
        'WAREHOUSE_ERROR',
        `Cannot reach ${engine} at ${where} (connection refused): check that the server is running and that the host and port in the URL are right.`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new EbbError(
        'WAREHOUSE_ERROR',
        `Host ${target.host} not found: check the host name in the URL.`,
      );
    case 'ETIMEDOUT':
      return new EbbError(
        'WAREHOUSE_ERROR',
        `Timed out reaching ${where}: check the host, port and any firewall in between.`,
      );
  }
  const explain =
    typeof code === 'string' && Object.hasOwn(explanations, code) ? explanations[code] : undefined;
  return (
    explain?.(failure) ??
    new EbbError('WAREHOUSE_ERROR', `Could not connect to ${engine} at ${where}: ${failure.said}`)
  );
}

/**
 * A server warehouse's target (parsed from its URL) with its engine's explanations: what every
 * server adapter words from them, the password never in it.
 */
export class ServerTargetMessages {
  constructor(
    private readonly engine: string,
    readonly target: ServerTarget,
    private readonly explanations: ConnectExplanations,
  ) {}

  /** `text` with the password scrubbed. */
  scrub(text: string): string {
    return scrubPassword(text, this.target.password);
  }

  /** A connection error explained (serverConnectError). */
  connectError(error: unknown): EbbError {
    return serverConnectError(this.engine, this.target, error, this.explanations);
  }
}
