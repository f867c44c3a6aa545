/** Text gathered before it is encoded: small pieces are cheap to concatenate, a call is not. */
const FLUSH_CHARS = 8192;
const INITIAL_BYTES = 256 * 1024;
/** A scratch grown past this (a batch of huge records) is let go after the build. */
const KEEP_BYTES = 4 * 1024 * 1024;

/**
 * Builds one UTF-8 Buffer from many small strings (a request body from its records' texts), the
 * same bytes as `Buffer.from(pieces.join(''))` without that string: joining a batch's pieces into
 * one text of more than 128 KiB and encoding it cost 10× more CPU than this (a V8 large object
 * per body, flattened and encoded again; core/destinations/README.md, profile). Pieces are
 * gathered into short texts, encoded into a scratch buffer reused from one build to the next, and
 * the result copied out at its exact size. A build must not span an `await` (one scratch).
 */
export class Utf8Builder {
  private scratch = Buffer.allocUnsafe(INITIAL_BYTES);
  private bytes = 0;
  private pending = '';

  append(text: string): this {
    this.pending += text;
    if (this.pending.length >= FLUSH_CHARS) this.flush(false);
    return this;
  }

  /** The bytes appended since the last finish, as a Buffer of their own; the builder is reset. */
  finish(): Buffer {
    this.flush(true);
    const out = Buffer.allocUnsafe(this.bytes);
    this.scratch.copy(out, 0, 0, this.bytes);
    this.bytes = 0;
    if (this.scratch.length > KEEP_BYTES) this.scratch = Buffer.allocUnsafe(INITIAL_BYTES);
    return out;
  }

  private flush(last: boolean): void {
    const text = this.pending;
    // A surrogate pair split between two writes would become two replacement characters.
    if (!last && isHighSurrogate(text.charCodeAt(text.length - 1))) return;
    this.pending = '';
    // At most 3 bytes per UTF-16 unit (a pair of units is 4 bytes).
    const room = this.bytes + text.length * 3;
    if (room > this.scratch.length) {
      const grown = Buffer.allocUnsafe(Math.max(room, this.scratch.length * 2));
      this.scratch.copy(grown, 0, 0, this.bytes);
      this.scratch = grown;
    }
    this.bytes += this.scratch.write(text, this.bytes, 'utf8');
  }
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
