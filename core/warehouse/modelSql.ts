import { EbbError } from '../errors.js';

/** A query the warehouse refused, with where it went wrong in the model's own text. */
export class SqlError extends EbbError {
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super('SQL_ERROR', message);
  }
}

/** Characters that continue an identifier in PostgreSQL and DuckDB (non-ASCII letters included). */
const IDENT_CHAR = /[\w$\u0080-\uffff]/;
const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/;

/** Splits SQL into statements at top-level semicolons, skipping strings, identifiers and comments. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
        } else {
          i++;
        }
      }
    } else if (c === "'" || c === '"') {
      // E'…' takes backslash escapes only when E stands alone: in `else'…'` it ends a keyword.
      const backslashes =
        c === "'" &&
        (sql[i - 1] === 'E' || sql[i - 1] === 'e') &&
        !IDENT_CHAR.test(sql[i - 2] ?? '');
      i++;
      while (i < n) {
        if (backslashes && sql[i] === '\\') i += 2;
        else if (sql[i] === c && sql[i + 1] === c) i += 2;
        else if (sql[i] === c) break;
        else i++;
      }
      i++;
    } else if (
      c === '$' &&
      DOLLAR_TAG.test(sql.slice(i, i + 64)) &&
      // After an identifier character `$` belongs to the identifier (`é$$`, `a$1`), not a quote.
      !IDENT_CHAR.test(sql[i - 1] ?? '')
    ) {
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 64))![0];
      const end = sql.indexOf(tag, i + tag.length);
      i = end === -1 ? n : end + tag.length;
    } else if (c === ';') {
      statements.push(sql.slice(start, i));
      i++;
      start = i;
    } else {
      i++;
    }
  }
  statements.push(sql.slice(start));
  return statements.filter((statement) => stripComments(statement).trim() !== '');
}

function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
}

const QUERY_STARTS = new Set(['select', 'with', 'values', 'table', 'from', '(']);

/**
 * Checks, without running anything, that `sql` is one query (SELECT, WITH, VALUES, TABLE or
 * DuckDB's FROM-first form) and answers it without trailing semicolons, ready to be wrapped as a
 * subquery. Anything else is refused with NOT_A_QUERY.
 */
export function singleQuery(sql: string): string {
  const statements = splitStatements(sql);
  if (statements.length === 0) {
    throw new EbbError('NOT_A_QUERY', 'The model is empty: write one SELECT (or WITH …) query.');
  }
  if (statements.length > 1) {
    throw new EbbError(
      'NOT_A_QUERY',
      `The model has ${statements.length} statements; it must be exactly one SELECT (or WITH …) query. Remove the extra statements.`,
    );
  }
  const statement = statements[0] as string;
  const first = /^\s*(\(|[A-Za-z_]+)/.exec(stripComments(statement))?.[1]?.toLowerCase() ?? '';
  if (!QUERY_STARTS.has(first)) {
    throw new EbbError(
      'NOT_A_QUERY',
      `The model must be a query (SELECT or WITH …), not a ${first.toUpperCase() || 'non-query'} statement. Ebb only reads the model; it never runs other statements.`,
    );
  }
  return statement.replace(/\s+$/, '');
}

/** The prefix the model sits after when run as a subquery; its line break keeps lines aligned. */
export const SUBQUERY_PREFIX = 'select * from (\n';
export const wrapAsSubquery = (query: string, suffix = ''): string =>
  `${SUBQUERY_PREFIX}${query}\n) as m${suffix}`;

/** Line and column (1-based) of a 0-based character offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, offset));
  const lines = before.split('\n');
  return { line: lines.length, column: (lines[lines.length - 1]?.length ?? 0) + 1 };
}

/**
 * A warehouse error in the analyst's own terms. The model runs wrapped as a subquery, so the
 * warehouse may quote the wrapper's characters (`) as m limit 0`) or point into them (an
 * unfinished `where` fails at the wrapper's `)`): those are dropped from the message, and a
 * position past the model's end becomes the end of what the analyst wrote.
 * `offset` is 0-based in `query`; undefined when the warehouse gave no position.
 */
export function sqlErrorInModel(
  message: string,
  query: string,
  wrapped: string,
  offset: number | undefined,
  line?: number,
): SqlError {
  const suffix = wrapped.slice(SUBQUERY_PREFIX.length + query.length);
  let text = message;
  for (const piece of [suffix, suffix.trim()]) {
    if (piece) text = text.split(piece).join('');
  }
  const end = query.trimEnd().length;
  if (offset === undefined) {
    return line !== undefined && line <= lineAndColumn(query, end).line
      ? new SqlError(text, line)
      : new SqlError(text);
  }
  if (offset >= end) {
    text = text.replace(/at or near "[^"]*"/, 'at the end of the query');
    const { line: lastLine, column } = lineAndColumn(query, end);
    return new SqlError(text, lastLine, Math.max(1, column - 1));
  }
  const at = lineAndColumn(query, offset);
  return new SqlError(text, at.line, at.column);
}

/** The 0-based offset of a 1-based line and 0-based column of `text`. */
export function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += (lines[i]?.length ?? 0) + 1;
  return offset + column;
}
