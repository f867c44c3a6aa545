import type pg from 'pg';
import type { Change } from '../types.js';
import { quoteIdent } from './pgTypes.js';
import { typedValues } from './typedUpsert.js';

/**
 * New records as one `COPY target (columns) FROM STDIN` (text format), each value the text its
 * column's input function reads, as typedUpsert sends it: the server inserts the rows without
 * planning an upsert or probing the key for a conflict first (about half the backend CPU of the
 * typed upsert, core/diff/README.md). A plain insert: a row whose key is already in the table
 * fails the whole COPY with a unique violation, and the caller upserts that batch instead.
 * Undefined when some value has no text form (then the upsert's JSON path runs).
 */
export function copyStatement(
  target: string,
  key: string,
  types: ReadonlyMap<string, string>,
  upserts: readonly Change[],
  names: ReadonlySet<string>,
): CopyIn | undefined {
  const typed = typedValues(key, types, upserts, names);
  if (!typed) return undefined;
  const { cols, columns } = typed;
  const lines = new Array<string>(upserts.length);
  for (let row = 0; row < upserts.length; row++) {
    let line = '';
    for (let i = 0; i < cols.length; i++) {
      const value = columns[i]![row]!;
      if (i > 0) line += '\t';
      line += value === null ? '\\N' : escapeCopyText(value);
    }
    lines[row] = line;
  }
  return new CopyIn(
    `copy ${target} (${cols.map(quoteIdent).join(', ')}) from stdin`,
    `${lines.join('\n')}\n`,
  );
}

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_SPECIALS = /[\\\n\r\t]/g;
const COPY_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** A value in COPY's text format: backslash, line breaks and the tab (the delimiter) escaped. */
export function escapeCopyText(value: string): string {
  return COPY_SPECIAL.test(value)
    ? value.replace(COPY_SPECIALS, (c) => COPY_ESCAPES[c] ?? c)
    : value;
}

/**
 * `COPY … FROM STDIN` with its whole data at hand, as a pg submittable (pg itself has no COPY):
 * the data and CopyDone go out as soon as the server asks for them, and `done` settles when the
 * server is ready for the next query (the rows are then committed, outside a transaction) or
 * with the server's error. An error the server finds while reading the data makes it drop the
 * rest of the data (PostgreSQL's protocol, "COPY Operations").
 * https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-COPY
 */
export class CopyIn implements pg.Submittable {
  readonly done: Promise<void>;
  private settle!: (err?: unknown) => void;

  constructor(
    readonly text: string,
    private readonly data: string,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.settle = (err) => (err === undefined ? resolve() : reject(err));
    });
  }

  submit(connection: pg.Connection): void {
    (connection as unknown as { query(text: string): void }).query(this.text);
  }

  /** pg wraps this with its query timeout, when one is set. */
  callback(): void {}

  handleCopyInResponse(connection: pg.Connection): void {
    const copy = connection as unknown as {
      sendCopyFromChunk(chunk: Buffer): void;
      endCopyFrom(): void;
    };
    copy.sendCopyFromChunk(Buffer.from(this.data, 'utf8'));
    copy.endCopyFrom();
  }

  handleCommandComplete(): void {}

  handleError(err: unknown): void {
    this.callback();
    this.settle(err);
  }

  handleReadyForQuery(): void {
    this.callback();
    this.settle();
  }
}
