import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { destinationTypes } from './registry.js';

/** One settings key as the README's Destinations table lists it. */
interface Listed {
  key: string;
  required: boolean;
  secret: boolean;
  advanced: boolean;
  /** The parenthesised text after the key (a default, or a word on the value). */
  note?: string;
}

/** `key`\* 🔒 (note), … → the keys of one cell; text in parentheses is the note, never a key. */
function keysOf(cell: string, advanced: boolean): Listed[] {
  if (cell.trim() === '—') return [];
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of cell) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      items.push(current);
      current = '';
    } else current += ch;
  }
  items.push(current);
  return items.map((item) => {
    const match = /^\s*`(\w+)`(\\\*)?( 🔒)?(?: \((.*)\))?\s*$/u.exec(item);
    if (!match) throw new Error(`README: cannot read "${item.trim()}" as a settings key`);
    return {
      key: match[1]!,
      required: match[2] !== undefined,
      secret: match[3] !== undefined,
      advanced,
      ...(match[4] !== undefined ? { note: match[4] } : {}),
    };
  });
}

function readmeTable(): Map<string, Listed[]> {
  const readme = fs.readFileSync(path.resolve('README.md'), 'utf8');
  const section = readme.split('\n## Destinations\n')[1]?.split('\n## ')[0] ?? '';
  const rows = new Map<string, Listed[]>();
  for (const line of section.split('\n')) {
    const cells = line.split(' | ');
    const type = /^\| `(\w+)`/.exec(cells[0] ?? '')?.[1];
    if (!type || cells.length < 6) continue;
    rows.set(type, [...keysOf(cells[1]!, false), ...keysOf(cells[2]!, true)]);
  }
  return rows;
}

test("README's Destinations table lists exactly the registry's types and each type's settings", () => {
  const table = readmeTable();
  const types = destinationTypes();
  expect([...table.keys()]).toEqual(types.map((t) => t.type));
  for (const info of types) {
    const listed = table.get(info.type)!;
    expect(listed.map((l) => l.key).sort(), info.type).toEqual(
      info.settings.map((s) => s.key).sort(),
    );
    for (const spec of info.settings) {
      const row = listed.find((l) => l.key === spec.key)!;
      const where = `${info.type}.${spec.key}`;
      expect({ required: row.required, secret: row.secret, advanced: row.advanced }, where).toEqual(
        { required: spec.required, secret: spec.secret, advanced: spec.advanced === true },
      );
      // A plain default is shown first in the parentheses, as the schema declares it.
      if (typeof spec.default === 'string' || typeof spec.default === 'number') {
        expect(row.note ?? '', where).toMatch(
          new RegExp(`^\`?${String(spec.default).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\`?`),
        );
      }
    }
  }
});
