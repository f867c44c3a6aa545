import type { TableInfo } from '../../../core/api/types';
import { monaco } from './monaco';

/** Tables each open editor completes against, by the editor model's URI. */
const tablesByModel = new Map<string, TableInfo[]>();

export function setCompletionTables(uri: string, tables: TableInfo[] | undefined): () => void {
  if (tables) tablesByModel.set(uri, tables);
  else tablesByModel.delete(uri);
  return () => tablesByModel.delete(uri);
}

const KEYWORDS = [
  'select',
  'from',
  'where',
  'join',
  'left join',
  'inner join',
  'on',
  'group by',
  'order by',
  'having',
  'limit',
  'as',
  'and',
  'or',
  'not',
  'null',
  'is null',
  'is not null',
  'distinct',
  'case',
  'when',
  'then',
  'else',
  'end',
  'with',
  'union all',
  'cast',
  'coalesce',
  'count',
  'sum',
  'min',
  'max',
];

const Kind = monaco.languages.CompletionItemKind;

/**
 * `tables` right after FROM or JOIN (only schemas and tables fit there: a column of another table
 * must never outrank the table being typed), else `any`.
 */
type Place = 'tables' | 'any';

function suggestions(
  tables: TableInfo[],
  qualifier: string | undefined,
  range: monaco.IRange,
  place: Place = 'any',
): monaco.languages.CompletionItem[] {
  const lower = qualifier?.toLowerCase();
  if (lower) {
    const schemaTables = tables.filter((t) => t.schema.toLowerCase() === lower);
    if (schemaTables.length > 0) {
      return schemaTables.map((t) => ({
        label: t.name,
        kind: Kind.Struct,
        detail: `table · ${t.columns.length} columns`,
        insertText: t.name,
        range,
      }));
    }
    const table = tables.find((t) => t.name.toLowerCase() === lower);
    if (table) {
      return table.columns.map((c) => ({
        label: c.name,
        kind: Kind.Field,
        detail: c.type,
        insertText: c.name,
        range,
      }));
    }
  }
  const items: monaco.languages.CompletionItem[] = [];
  for (const schema of new Set(tables.map((t) => t.schema))) {
    items.push({
      label: schema,
      kind: Kind.Module,
      detail: 'schema',
      insertText: schema,
      range,
      sortText: `1${schema}`,
    });
  }
  const seenColumns = new Set<string>();
  for (const t of tables) {
    items.push({
      label: t.name,
      kind: Kind.Struct,
      detail: `${t.schema}.${t.name}`,
      insertText: t.name,
      range,
      sortText: place === 'tables' ? `0${t.name}` : `2${t.name}`,
    });
    if (place === 'tables') continue;
    for (const c of t.columns) {
      if (seenColumns.has(c.name)) continue;
      seenColumns.add(c.name);
      items.push({
        label: c.name,
        kind: Kind.Field,
        detail: `${t.name}.${c.name} · ${c.type}`,
        insertText: c.name,
        range,
        sortText: `0${c.name}`,
      });
    }
  }
  for (const keyword of KEYWORDS) {
    items.push({
      label: keyword,
      kind: Kind.Keyword,
      insertText: keyword,
      range,
      sortText: `~${keyword}`,
    });
  }
  return items;
}

monaco.languages.registerCompletionItemProvider('sql', {
  triggerCharacters: ['.'],
  provideCompletionItems(model, position) {
    const tables = tablesByModel.get(model.uri.toString());
    if (!tables) return { suggestions: [] };
    const word = model.getWordUntilPosition(position);
    const range = {
      startLineNumber: position.lineNumber,
      endLineNumber: position.lineNumber,
      startColumn: word.startColumn,
      endColumn: word.endColumn,
    };
    const before = model
      .getLineContent(position.lineNumber)
      .slice(0, word.startColumn - 1)
      .match(/"?([A-Za-z_][\w$]*)"?\.$/);
    const textBefore = model.getValueInRange({
      startLineNumber: Math.max(1, position.lineNumber - 3),
      startColumn: 1,
      endLineNumber: position.lineNumber,
      endColumn: word.startColumn,
    });
    const place: Place = /\b(from|join)\s+$/i.test(textBefore) ? 'tables' : 'any';
    return { suggestions: suggestions(tables, before?.[1], range, place) };
  },
});
