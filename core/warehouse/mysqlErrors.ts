import { SUBQUERY_PREFIX } from './modelSql.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Offset of `word` in `text` as a whole word (not inside a longer name), from `from`. */
function findWord(text: string, word: string, from = 0): number | undefined {
  if (!word) return undefined;
  const pattern = new RegExp(`(?<![\\w$])${escapeRegExp(word)}(?![\\w$])`, 'g');
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  return match ? match.index : undefined;
}

/**
 * Where in the model a MySQL error points, as a 0-based offset, when the message tells: MySQL
 * gives no character position, only the name it could not resolve or, for syntax errors, the
 * text that follows the error ("near '…' at line N", N counted in the wrapped statement).
 */
export function mysqlErrorPosition(query: string, message: string): number | undefined {
  const near = /near '([\s\S]*)' at line (\d+)\s*$/.exec(message);
  if (near) {
    const prefixLines = SUBQUERY_PREFIX.split('\n').length - 1;
    const line = Number(near[2]) - prefixLines;
    const lineStart =
      line <= 1
        ? 0
        : query
            .split('\n')
            .slice(0, line - 1)
            .join('\n').length + 1;
    const snippet = (near[1] ?? '').slice(0, 40);
    if (!snippet) return undefined;
    const at = query.indexOf(snippet, lineStart);
    // Not in the model: the server stopped in the wrapper, after what the analyst wrote.
    return at >= 0 ? at : query.length;
  }
  const name =
    /^Unknown column '([^']+)'/.exec(message)?.[1] ??
    /^Table '([^']+)' doesn't exist/.exec(message)?.[1] ??
    /^FUNCTION ([^ ]+) does not exist/.exec(message)?.[1];
  if (name === undefined) return undefined;
  return findWord(query, name) ?? findWord(query, name.split('.').pop() ?? '');
}
