import type pg from 'pg';
import type { Change } from '../types.js';
import { quoteIdent } from './pgTypes.js';
import { typedColumns, valueText } from './typedUpsert.js';

/**
 * New records as one `COPY target (columns) FROM STDIN` (text format), each value the text its
 * column's input function reads, as typedUpsert sends it: the server inserts the rows without
 * planning an upsert or probing the key for a conflict first (about half the backend CPU of the
 * typed upsert, core/diff/README.md). A plain insert: a row whose key is already in the table
 * fails the whole COPY with a unique violation, and the caller upserts that batch instead.
 * Undefined when some value has no text form (then the upsert's JSON path runs).
 *
 * `order`: the keys of a record the warehouse rendered, in its order (the model's columns). Such
 * a record's row is cut out of its JSON text (RowWriter.rendered) straight into COPY's bytes
 * instead of parsing it: parsing each record was most of Node's CPU in a PostgreSQL first sync
 * (core/diff/README.md, session 9).
 */
export function copyStatement(
  target: string,
  key: string,
  types: ReadonlyMap<string, string>,
  upserts: readonly Change[],
  names: ReadonlySet<string>,
  order: readonly string[] = [],
): CopyIn | undefined {
  const typed = typedColumns(key, types, names);
  if (!typed) return undefined;
  const { cols, asJson } = typed;
  const shape = renderedShape(order, cols, asJson);
  const out = new RowWriter(upserts.length * 160);
  if (!writeRows(out, upserts, cols, asJson, shape)) return undefined;
  return new CopyIn(`copy ${target} (${cols.map(quoteIdent).join(', ')}) from stdin`, out.bytes());
}

/**
 * Each change's row into `out`; false when some value has no text form. A function of its own:
 * as a loop inside copyStatement, V8 ran it as on-stack-replaced code that deoptimized at the
 * statement after it on every call.
 */
function writeRows(
  out: RowWriter,
  upserts: readonly Change[],
  cols: readonly string[],
  asJson: readonly boolean[],
  shape: RenderedShape | undefined,
): boolean {
  for (const change of upserts) {
    const rowStart = out.length;
    const id = asJson[0] ? JSON.stringify(change.id) : String(change.id);
    const json = change.recordJson;
    if (shape && json !== undefined) {
      out.copyText(id);
      if (out.rendered(json, shape)) {
        out.byte(NEWLINE);
        continue;
      }
      out.length = rowStart;
    }
    const rest = parsedLine(change.record, cols, asJson);
    if (rest === undefined) return false;
    out.text(`${escapeCopyText(id)}${rest}\n`);
  }
  return true;
}

const NEWLINE = 10;
const TAB = 9;

/** The columns after the key, each `\t` and its value (as typedValues gives it), from `record`. */
function parsedLine(
  record: Record<string, unknown>,
  cols: readonly string[],
  asJson: readonly boolean[],
): string | undefined {
  let line = '';
  for (let i = 1; i < cols.length; i++) {
    const value = valueText(record[cols[i]!], asJson[i]!);
    if (value === undefined) return undefined;
    line += value === null ? '\t\\N' : `\t${escapeCopyText(value)}`;
  }
  return line;
}

/**
 * How a rendered record's text reads: per key in the record's order, the text before its value
 * (`{"name":` first, then `,"name":`) and whether it is the key column (its value is the change's
 * id, not the record's). Undefined unless the columns after the key are exactly the record's
 * other keys in the same order, none of them json/jsonb.
 */
interface RenderedShape {
  prefixes: number[][];
  isKey: boolean[];
}

function renderedShape(
  order: readonly string[],
  cols: readonly string[],
  asJson: readonly boolean[],
): RenderedShape | undefined {
  const key = cols[0]!;
  const others = order.filter((name) => name !== key);
  if (order.length === 0 || others.length !== cols.length - 1) return undefined;
  for (let i = 0; i < others.length; i++)
    if (others[i] !== cols[i + 1] || asJson[i + 1]) return undefined;
  return {
    prefixes: order.map((name, j) => charCodes(`${j === 0 ? '{' : ','}${JSON.stringify(name)}:`)),
    isKey: order.map((name) => name === key),
  };
}

/** A JSON number (RFC 8259). */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const QUOTE = 34;
const BACKSLASH = 92;
const MINUS = 45;
const POINT = 46;
const ZERO = 48;
const NINE = 57;
const CLOSE = 125;
const LOW_T = 116;
const LOW_F = 102;
const LOW_N = 110;
const charCodes = (text: string) =>
  Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
const TRUE = charCodes('true');
const FALSE = charCodes('false');
/** Characters a JSON number's text is made of: digits, sign, point, exponent. */
const NUMBER_CHAR = new Uint8Array(128);
for (const c of '0123456789+-.eE') NUMBER_CHAR[c.charCodeAt(0)] = 1;

/**
 * Whether String(Number(text)) gives `text` back, for the number at [from, to) of `json`:
 * -?(0|[1-9][0-9]*)(.[0-9]*[1-9])? of at most 15 digits (a decimal of 15 significant digits
 * survives the round trip through a double, and the shortest text of that double is then its
 * own digits), not -0, and no more than 5 zeros after "0." (JavaScript writes 1e-7).
 */
function plainNumber(json: string, from: number, to: number): boolean {
  let i = json.charCodeAt(from) === MINUS ? from + 1 : from;
  const first = i;
  let c = json.charCodeAt(i);
  if (c === ZERO) {
    i++;
    if (i === to) return first === from;
  } else {
    while (i < to && (c = json.charCodeAt(i)) >= ZERO && c <= NINE) i++;
    if (i === first) return false;
  }
  if (i === to) return to - first <= 15;
  if (json.charCodeAt(i) !== POINT || i + 1 === to) return false;
  let zeros = 0;
  let leading = json.charCodeAt(first) === ZERO;
  for (let k = i + 1; k < to; k++) {
    c = json.charCodeAt(k);
    if (c < ZERO || c > NINE) return false;
    if (leading && c === ZERO) zeros++;
    else leading = false;
  }
  if (leading || zeros > 5) return false;
  return json.charCodeAt(to - 1) !== ZERO && to - first - 1 <= 15;
}

/** COPY's rows as bytes (UTF-8) in a buffer that grows. */
class RowWriter {
  private buf: Buffer;
  length = 0;

  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(Math.max(size, 1024));
  }

  private room(bytes: number): Buffer {
    if (this.length + bytes > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + bytes));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    return this.buf;
  }

  byte(b: number): void {
    this.room(1)[this.length++] = b;
  }

  text(text: string): void {
    this.length += this.room(text.length * 3).write(text, this.length, 'utf8');
  }

  /** A value in COPY's text format (escapeCopyText), byte by byte while it is plain ASCII. */
  copyText(text: string): void {
    const buf = this.room(text.length);
    let o = this.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128 || c === BACKSLASH || c === TAB || c === NEWLINE || c === 13) {
        this.text(escapeCopyText(text));
        return;
      }
      buf[o++] = c;
    }
    this.length = o;
  }

  bytes(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  /**
   * The columns after the key, each a tab and its value, cut out of a rendered record's text
   * into UTF-8: the same text parsedLine gives for the parsed record (a string as itself, a
   * number as String(Number(its text)), true/false, null as `\N`), with no string made per
   * value. False (part of a row may then be written: the caller cuts it off and parses the
   * record) when the text is not shaped as expected or a value needs more than a cut: a string
   * with an escape, a control character or a lone surrogate, a nested value, an invalid number.
   * A string without a backslash or control character needs none of COPY's escapes.
   */
  rendered(json: string, shape: RenderedShape): boolean {
    const { prefixes, isKey } = shape;
    // A character is at most 3 bytes (a pair of surrogates 4); only a number's text can grow.
    let buf = this.room(json.length * 3);
    let o = this.length;
    let pos = 0;
    const length = json.length;
    for (let j = 0; j < prefixes.length; j++) {
      const prefix = prefixes[j]!;
      for (let i = 0; i < prefix.length; i++)
        if (json.charCodeAt(pos++) !== prefix[i]) return false;
      const write = !isKey[j];
      if (write) buf[o++] = TAB;
      const c = json.charCodeAt(pos);
      if (c === QUOTE) {
        for (let d = json.charCodeAt(++pos); d !== QUOTE; d = json.charCodeAt(++pos)) {
          if (d < 128) {
            // Also the end of the text (NaN): a string left open.
            if (!(d >= 32) || d === BACKSLASH) return false;
            if (write) buf[o++] = d;
          } else if (d < 0x800) {
            if (write) {
              buf[o++] = 0xc0 | (d >> 6);
              buf[o++] = 0x80 | (d & 0x3f);
            }
          } else if (d < 0xd800 || d > 0xdfff) {
            if (write) {
              buf[o++] = 0xe0 | (d >> 12);
              buf[o++] = 0x80 | ((d >> 6) & 0x3f);
              buf[o++] = 0x80 | (d & 0x3f);
            }
          } else {
            const low = json.charCodeAt(pos + 1);
            if (d > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return false;
            pos++;
            if (write) {
              const u = 0x10000 + ((d - 0xd800) << 10) + (low - 0xdc00);
              buf[o++] = 0xf0 | (u >> 18);
              buf[o++] = 0x80 | ((u >> 12) & 0x3f);
              buf[o++] = 0x80 | ((u >> 6) & 0x3f);
              buf[o++] = 0x80 | (u & 0x3f);
            }
          }
        }
        pos++;
      } else if (c === LOW_T || c === LOW_F) {
        const word = c === LOW_T ? TRUE : FALSE;
        for (let i = 0; i < word.length; i++) if (json.charCodeAt(pos++) !== word[i]) return false;
        if (write) for (let i = 0; i < word.length; i++) buf[o++] = word[i]!;
      } else if (c === LOW_N && json.startsWith('null', pos)) {
        if (write) {
          buf[o++] = BACKSLASH;
          buf[o++] = 78; // N
        }
        pos += 4;
      } else {
        let end = pos;
        while (end < length && NUMBER_CHAR[json.charCodeAt(end)] === 1) end++;
        if (plainNumber(json, pos, end)) {
          if (write) for (let i = pos; i < end; i++) buf[o++] = json.charCodeAt(i);
        } else {
          const token = json.slice(pos, end);
          if (!JSON_NUMBER.test(token)) return false;
          if (write) {
            const text = String(Number(token));
            this.length = o;
            buf = this.room(text.length + (length - end) * 3);
            o += buf.write(text, o, 'latin1');
          }
        }
        pos = end;
      }
    }
    if (pos !== length - 1 || json.charCodeAt(pos) !== CLOSE) return false;
    this.length = o;
    return true;
  }
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
    readonly data: Buffer,
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
    copy.sendCopyFromChunk(this.data);
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
